package io.callstream.core.event;

import java.time.Instant;
import java.util.Map;

/**
 * Conversation metrics of a call so far, computed from transcript segments (not by an LLM). Plain
 * numbers, not encrypted: they reveal no call content.
 *
 * @param talkMsBySpeaker milliseconds of speech per speaker label
 * @param talkRatio share of the total talk time held by the speaker who talked most, from 0 to 1
 *     (0.5 in an evenly balanced two-person call, 0 when nobody spoke yet)
 * @param longestMonologueMs longest stretch one speaker talked without another speaker in between
 * @param questions number of questions asked
 * @param speakerSwitchesPerMinute how often the speaker changed, per minute of call: interactivity
 */
public record MetricsUpdated(
    String eventId,
    String workspaceId,
    String callId,
    Instant occurredAt,
    Map<String, Long> talkMsBySpeaker,
    double talkRatio,
    long longestMonologueMs,
    int questions,
    double speakerSwitchesPerMinute)
    implements CallstreamEvent {

  public MetricsUpdated {
    Checks.envelope(eventId, workspaceId, callId, occurredAt);
    talkMsBySpeaker = Checks.entries(talkMsBySpeaker, "talkMsBySpeaker");
    talkMsBySpeaker.forEach((speaker, ms) -> Checks.notNegative(ms, "talkMsBySpeaker." + speaker));
    Checks.notNegative(talkRatio, "talkRatio");
    if (talkRatio > 1) {
      throw new IllegalArgumentException("talkRatio must be between 0 and 1, was " + talkRatio);
    }
    Checks.notNegative(longestMonologueMs, "longestMonologueMs");
    Checks.notNegative(questions, "questions");
    Checks.notNegative(speakerSwitchesPerMinute, "speakerSwitchesPerMinute");
  }

  @Override
  public EventType type() {
    return EventType.METRICS_UPDATED;
  }
}
