package io.callstream.ingest.call;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An ended call, as {@code POST .../calls/{callId}/end} answers it: the same on every repetition.
 * Immutable.
 *
 * @param callId the call
 * @param status always {@code ended}
 * @param endedAt when it was first ended
 * @param durationMs the end of its last segment, or the wall-clock time from creation to end if it
 *     has no segments
 * @param lastSequence the highest sequence of a final segment accepted, or null when there is none
 */
public record EndedCall(
    String callId, String status, Instant endedAt, long durationMs, @Nullable Long lastSequence) {

  public EndedCall {
    Objects.requireNonNull(callId, "callId must not be null");
    Objects.requireNonNull(status, "status must not be null");
    Objects.requireNonNull(endedAt, "endedAt must not be null");
    if (durationMs < 0) {
      throw new IllegalArgumentException("durationMs must not be negative, was " + durationMs);
    }
  }

  /** An ended call. */
  public static EndedCall of(
      String callId, Instant endedAt, long durationMs, @Nullable Long lastSequence) {
    return new EndedCall(callId, "ended", endedAt, durationMs, lastSequence);
  }
}
