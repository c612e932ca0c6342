package io.callstream.query.live;

import java.time.Duration;
import java.util.Objects;

/**
 * How live streams behave, from {@code callstream.query.sse}. Immutable.
 *
 * @param heartbeat how often a stream sends a comment line, so dead connections are found
 * @param buffer how many live events a subscriber may fall behind (at least; rounded up to a power
 *     of two) before its stream is closed; it then resumes with {@code Last-Event-ID}
 * @param replayPage how many logged events one query of a replay reads
 * @param retry how long a client waits before it reconnects, sent as the SSE {@code retry} field
 */
record SseSettings(Duration heartbeat, int buffer, int replayPage, Duration retry) {

  SseSettings {
    Objects.requireNonNull(heartbeat, "heartbeat must not be null");
    Objects.requireNonNull(retry, "retry must not be null");
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("heartbeat must be positive, was " + heartbeat);
    }
    if (buffer < 2) {
      throw new IllegalArgumentException("buffer must be at least 2, was " + buffer);
    }
    if (replayPage < 1) {
      throw new IllegalArgumentException("replayPage must be positive, was " + replayPage);
    }
    if (retry.isNegative()) {
      throw new IllegalArgumentException("retry must not be negative, was " + retry);
    }
  }
}
