package io.callstream.ingest.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how many requests may wait for Kafka before ingest answers 503. Immutable and
 * thread-safe.
 *
 * @param timeout how long one request waits for Kafka, from handing over its events to the last
 *     acknowledgement ({@code callstream.ingest.kafka-timeout}); the producer's {@code
 *     max.block.ms} and {@code delivery.timeout.ms} are set to it, so the producer gives up on the
 *     records of a request answered 503 about when the request does
 * @param maxPendingRequests how many requests may wait for Kafka at once; one more is answered 503
 *     at once ({@code callstream.ingest.kafka-max-pending-requests})
 * @param retryAfter what a 503 tells the client to wait ({@code callstream.api.retry-after})
 */
public record PublishBounds(Duration timeout, int maxPendingRequests, Duration retryAfter) {

  /** The shortest timeout: below it a healthy broker under load would be taken for a gone one. */
  public static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);

  public PublishBounds {
    Objects.requireNonNull(timeout, "callstream.ingest.kafka-timeout must be set");
    Objects.requireNonNull(retryAfter, "callstream.api.retry-after must be set");
    if (timeout.compareTo(MIN_TIMEOUT) < 0) {
      throw new IllegalArgumentException(
          "callstream.ingest.kafka-timeout must be at least " + MIN_TIMEOUT + ", was " + timeout);
    }
    if (maxPendingRequests < 1) {
      throw new IllegalArgumentException(
          "callstream.ingest.kafka-max-pending-requests must be at least 1, was "
              + maxPendingRequests);
    }
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException(
          "callstream.api.retry-after must not be negative, was " + retryAfter);
    }
  }
}
