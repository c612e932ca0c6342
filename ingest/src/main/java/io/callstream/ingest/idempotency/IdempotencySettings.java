package io.callstream.ingest.idempotency;

import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How {@code Idempotency-Key} behaves, from {@code callstream.ingest.idempotency.*}. Immutable and
 * thread-safe.
 *
 * @param ttl how long a key is kept, from its first request; afterwards it is a new key ({@code
 *     ttl})
 * @param inProgressLease how long a first request may hold its key before another request may take
 *     it over, for a process that died mid-request; it must exceed the longest a request runs once
 *     its body is read: the Kafka timeout plus database time ({@code in-progress-lease})
 * @param retryAfter what a 409 for a key still in progress tells the client to wait ({@code
 *     retry-after})
 * @param maxBodyBytes the largest body of a request with a key, which is read whole before it runs
 *     ({@code max-body-bytes}); more is a 413
 * @param maxResponseBytes the largest answer kept for replay ({@code max-response-bytes}); a larger
 *     one is not kept, and a retry is told so
 * @param cleanupInterval how often expired keys are deleted ({@code cleanup-interval})
 */
@ConfigurationProperties("callstream.ingest.idempotency")
public record IdempotencySettings(
    Duration ttl,
    Duration inProgressLease,
    Duration retryAfter,
    DataSize maxBodyBytes,
    DataSize maxResponseBytes,
    Duration cleanupInterval) {

  /** The prefix of every setting here. */
  public static final String PREFIX = "callstream.ingest.idempotency.";

  public IdempotencySettings {
    positive(ttl, "ttl");
    positive(inProgressLease, "in-progress-lease");
    positive(cleanupInterval, "cleanup-interval");
    Objects.requireNonNull(retryAfter, PREFIX + "retry-after must be set");
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException(
          PREFIX + "retry-after must not be negative, was " + retryAfter);
    }
    if (inProgressLease.compareTo(ttl) >= 0) {
      throw new IllegalArgumentException(
          PREFIX
              + "in-progress-lease ("
              + inProgressLease
              + ") must be shorter than "
              + PREFIX
              + "ttl ("
              + ttl
              + ")");
    }
    bytes(maxBodyBytes, "max-body-bytes");
    bytes(maxResponseBytes, "max-response-bytes");
  }

  private static void positive(Duration value, String name) {
    Objects.requireNonNull(value, PREFIX + name + " must be set");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(PREFIX + name + " must be positive, was " + value);
    }
  }

  private static void bytes(DataSize value, String name) {
    Objects.requireNonNull(value, PREFIX + name + " must be set");
    if (value.toBytes() < 1 || value.toBytes() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          PREFIX + name + " must be between 1B and 2GB, was " + value);
    }
  }
}
