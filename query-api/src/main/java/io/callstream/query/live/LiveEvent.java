package io.callstream.query.live;

import java.util.Objects;

/**
 * A stored event as streams send it: decrypted once, rendered as the same JSON view the REST API
 * answers with. Immutable.
 *
 * @param eventId the event's id
 * @param workspaceId the event's workspace
 * @param callId the event's call
 * @param position where it was on Kafka
 * @param type its CloudEvents type, the SSE event name
 * @param data its view as JSON, the SSE data
 */
public record LiveEvent(
    String eventId,
    String workspaceId,
    String callId,
    EventPosition position,
    String type,
    String data) {

  public LiveEvent {
    Objects.requireNonNull(eventId, "eventId must not be null");
    Objects.requireNonNull(workspaceId, "workspaceId must not be null");
    Objects.requireNonNull(callId, "callId must not be null");
    Objects.requireNonNull(position, "position must not be null");
    Objects.requireNonNull(type, "type must not be null");
    Objects.requireNonNull(data, "data must not be null");
  }
}
