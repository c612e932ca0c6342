package io.callstream.core.event;

import java.time.Instant;
import java.util.List;

/**
 * The call's summary as it stands now, replacing every earlier version; the final synthesis pass on
 * call end writes the last one.
 *
 * @param version increases with every update of the call's summary; a consumer keeps the highest
 * @param summary the encrypted summary text
 * @param citedSegmentIds ids of the segments the summary rests on
 * @param analyzer which analyzer produced the result ({@code openai}, {@code local}, ...): results
 *     say honestly what made them
 */
public record SummaryUpdated(
    String eventId,
    String workspaceId,
    String callId,
    Instant occurredAt,
    long version,
    Ciphertext summary,
    List<String> citedSegmentIds,
    String analyzer)
    implements CallstreamEvent {

  public SummaryUpdated {
    Checks.envelope(eventId, workspaceId, callId, occurredAt);
    Checks.notBlank(analyzer, "analyzer");
    Checks.notNegative(version, "version");
    Checks.notNull(summary, "summary");
    citedSegmentIds = Checks.ids(citedSegmentIds, "citedSegmentIds");
  }

  @Override
  public EventType type() {
    return EventType.SUMMARY_UPDATED;
  }
}
