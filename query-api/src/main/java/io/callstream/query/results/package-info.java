/**
 * Results from Kafka into PostgreSQL: the consumers of {@code callstream.insights.v1}, {@code
 * callstream.progress.v1}, {@code callstream.transcript.v1} and (for the length of calls) {@code
 * callstream.calls.v1}, what they write, and the batch transaction that also appends the changes to
 * the live log and moves the consumer's offsets.
 */
@NullMarked
package io.callstream.query.results;

import org.jspecify.annotations.NullMarked;
