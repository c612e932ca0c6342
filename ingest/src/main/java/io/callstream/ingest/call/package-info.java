/** Calls: creating them, their status, and ending them. */
@NullMarked
package io.callstream.ingest.call;

import org.jspecify.annotations.NullMarked;
