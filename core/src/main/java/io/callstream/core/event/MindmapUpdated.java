package io.callstream.core.event;

import java.time.Instant;

/**
 * The call's mindmap as it stands now, replacing every earlier version. The document is whole, not
 * a diff, so a consumer that missed versions needs only the latest.
 *
 * @param version increases with every update of the call's mindmap; a consumer keeps the highest
 * @param mindmap the encrypted mindmap document (JSON tree whose nodes cite segment ids)
 * @param analyzer which analyzer produced the result ({@code openai}, {@code local}, ...): results
 *     say honestly what made them
 */
public record MindmapUpdated(
    String eventId,
    String workspaceId,
    String callId,
    Instant occurredAt,
    long version,
    Ciphertext mindmap,
    String analyzer)
    implements CallstreamEvent {

  public MindmapUpdated {
    Checks.envelope(eventId, workspaceId, callId, occurredAt);
    Checks.notBlank(analyzer, "analyzer");
    Checks.notNegative(version, "version");
    Checks.notNull(mindmap, "mindmap");
  }

  @Override
  public EventType type() {
    return EventType.MINDMAP_UPDATED;
  }
}
