/** Isolation and hostile-input tests over ingest's routes, as a client reaches them. */
@NullMarked
package io.callstream.ingest.isolation;

import org.jspecify.annotations.NullMarked;
