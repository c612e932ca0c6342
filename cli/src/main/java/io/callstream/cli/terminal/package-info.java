/** What the terminal shows while work goes on: progress bars. */
@NullMarked
package io.callstream.cli.terminal;

import org.jspecify.annotations.NullMarked;
