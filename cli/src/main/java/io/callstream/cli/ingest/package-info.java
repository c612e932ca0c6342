/**
 * callstream ingest: a transcript or audio file becomes a call, uploaded whole or replayed live.
 */
@NullMarked
package io.callstream.cli.ingest;

import org.jspecify.annotations.NullMarked;
