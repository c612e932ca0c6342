/** Test support: a query API service of the test's own, and events as the Flink job sends them. */
@NullMarked
package io.callstream.query.testing;

import org.jspecify.annotations.NullMarked;
