package io.callstream.query.api;

import java.time.Instant;
import java.util.Map;

/**
 * A call's latest conversation metrics. Immutable.
 *
 * @param talkMsBySpeaker milliseconds of speech per speaker label
 * @param talkRatio share of the most talkative speaker, 0 to 1
 */
public record MetricsView(
    String callId,
    Map<String, Long> talkMsBySpeaker,
    double talkRatio,
    long longestMonologueMs,
    int questions,
    double speakerSwitchesPerMinute,
    Instant updatedAt) {

  public MetricsView {
    talkMsBySpeaker = Map.copyOf(talkMsBySpeaker);
  }
}
