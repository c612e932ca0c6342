/**
 * Results from Kafka into PostgreSQL: the consumers of {@code callstream.insights.v1} and {@code
 * callstream.progress.v1}, what they write, and the in-process bus that tells live subscribers
 * about what was stored.
 */
@NullMarked
package io.callstream.query.results;

import org.jspecify.annotations.NullMarked;
