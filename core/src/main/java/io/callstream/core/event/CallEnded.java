package io.callstream.core.event;

import java.time.Instant;

/**
 * A call finished: the live call hung up or the upload was fully received. Analysis runs its final
 * synthesis pass on it.
 *
 * @param durationMs length of the call in milliseconds
 */
public record CallEnded(
    String eventId, String workspaceId, String callId, Instant occurredAt, long durationMs)
    implements CallstreamEvent {

  public CallEnded {
    Checks.envelope(eventId, workspaceId, callId, occurredAt);
    Checks.notNegative(durationMs, "durationMs");
  }

  @Override
  public EventType type() {
    return EventType.CALL_ENDED;
  }
}
