/**
 * callstream watch: a call's live event stream rendered in the terminal until its analysis ends.
 */
@NullMarked
package io.callstream.cli.watch;

import org.jspecify.annotations.NullMarked;
