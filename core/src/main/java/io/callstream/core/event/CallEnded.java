package io.callstream.core.event;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A call finished: the live call hung up or the upload was fully received. Analysis runs its final
 * synthesis pass on it.
 *
 * <p>The calls topic and the transcript topic are read independently, so this event may reach a
 * consumer before the call's last segments do; {@code lastSequence} tells it which segment to wait
 * for.
 *
 * @param durationMs length of the call in milliseconds
 * @param lastSequence highest sequence of a final segment accepted before the end, or null when the
 *     call has no final segment
 */
public record CallEnded(
    String eventId,
    String workspaceId,
    String callId,
    Instant occurredAt,
    long durationMs,
    @Nullable Long lastSequence)
    implements CallstreamEvent {

  public CallEnded {
    Checks.envelope(eventId, workspaceId, callId, occurredAt);
    Checks.notNegative(durationMs, "durationMs");
    if (lastSequence != null) {
      Checks.notNegative(lastSequence, "lastSequence");
    }
  }

  @Override
  public EventType type() {
    return EventType.CALL_ENDED;
  }
}
