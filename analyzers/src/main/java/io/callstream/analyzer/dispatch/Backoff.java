package io.callstream.analyzer.dispatch;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * How long a request waits before its next attempt: exponential backoff with full jitter (a uniform
 * delay below {@code initialBackoff * 2^(n-1)}, capped at {@code maxBackoff}), unless the provider
 * said {@code Retry-After}, which we then honour exactly, capped at {@code maxRetryAfter}. Full
 * jitter spreads retries of requests that failed together.
 */
final class Backoff {

  private final DispatchSettings settings;
  private final DoubleSupplier jitter;

  /**
   * @param jitter uniform values in [0, 1]
   */
  Backoff(DispatchSettings settings, DoubleSupplier jitter) {
    this.settings = settings;
    this.jitter = jitter;
  }

  /** The bound of the jitter after the {@code failedAttempts}-th failure (1 for the first). */
  long ceilingNanos(int failedAttempts) {
    long initial = settings.initialBackoff().toNanos();
    long max = settings.maxBackoff().toNanos();
    int doublings = Math.min(failedAttempts - 1, 62);
    if (initial == 0) {
      return 0;
    }
    // Stop doubling before it overflows or passes the cap.
    long ceiling = initial;
    for (int i = 0; i < doublings && ceiling < max; i++) {
      ceiling = ceiling > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : ceiling * 2;
    }
    return Math.min(ceiling, max);
  }

  long delayNanos(int failedAttempts, @Nullable Duration retryAfter) {
    if (retryAfter != null) {
      return retryAfterNanos(retryAfter);
    }
    double fraction = Math.min(1.0, Math.max(0.0, jitter.getAsDouble()));
    return (long) (ceilingNanos(failedAttempts) * fraction);
  }

  long retryAfterNanos(Duration retryAfter) {
    Duration max = settings.maxRetryAfter();
    return (retryAfter.compareTo(max) > 0 ? max : retryAfter).toNanos();
  }
}
