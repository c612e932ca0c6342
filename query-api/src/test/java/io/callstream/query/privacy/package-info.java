/** Tests of deletion, retention, export, erasure and rectification, and what they share. */
@NullMarked
package io.callstream.query.privacy;

import org.jspecify.annotations.NullMarked;
