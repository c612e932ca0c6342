package io.callstream.core.event;

import java.time.Instant;
import java.util.List;

/**
 * An insight found in a call: an action item, a decision, a risk and so on. Grounded: it cites the
 * transcript segments it came from, and an insight whose citations do not exist is never emitted.
 *
 * @param insightId stable id of the insight; a later event with the same id replaces it
 * @param insightType what kind of insight this is
 * @param body the encrypted insight text
 * @param citedSegmentIds ids of the segments the insight rests on, at least one
 * @param analyzer which analyzer produced the result ({@code openai}, {@code local}, ...): results
 *     say honestly what made them
 */
public record InsightDetected(
    String eventId,
    String workspaceId,
    String callId,
    Instant occurredAt,
    String insightId,
    InsightType insightType,
    Ciphertext body,
    List<String> citedSegmentIds,
    String analyzer)
    implements CallstreamEvent {

  public InsightDetected {
    Checks.envelope(eventId, workspaceId, callId, occurredAt);
    Checks.notBlank(analyzer, "analyzer");
    Checks.notBlank(insightId, "insightId");
    Checks.notNull(insightType, "insightType");
    Checks.notNull(body, "body");
    citedSegmentIds = Checks.ids(citedSegmentIds, "citedSegmentIds");
    if (citedSegmentIds.isEmpty()) {
      throw new IllegalArgumentException(
          "citedSegmentIds must not be empty: insights are grounded");
    }
  }

  @Override
  public EventType type() {
    return EventType.INSIGHT_DETECTED;
  }
}
