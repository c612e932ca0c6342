package io.callstream.core.event;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Analysis of a call is over: the last result event of the call. Its status says how complete the
 * results are.
 *
 * @param status how the analysis ended
 * @param reason human-readable cause for a status other than {@code COMPLETED}, or null
 * @param analyzer which analyzer produced the result ({@code openai}, {@code local}, ...): results
 *     say honestly what made them
 */
public record CallAnalyzed(
    String eventId,
    String workspaceId,
    String callId,
    Instant occurredAt,
    Status status,
    @Nullable String reason,
    String analyzer)
    implements CallstreamEvent {

  /** How the analysis of a call ended. */
  public enum Status {
    /** Every chunk was analyzed. */
    COMPLETED,
    /** Results exist but some chunks could not be analyzed (timeouts, rate limits). */
    DEGRADED,
    /** No results could be produced. */
    FAILED,
    /** The call had nothing to analyze (no speech). */
    EMPTY
  }

  public CallAnalyzed {
    Checks.envelope(eventId, workspaceId, callId, occurredAt);
    Checks.notBlank(analyzer, "analyzer");
    Checks.notNull(status, "status");
    Checks.notBlankIfPresent(reason, "reason");
  }

  @Override
  public EventType type() {
    return EventType.CALL_ANALYZED;
  }
}
