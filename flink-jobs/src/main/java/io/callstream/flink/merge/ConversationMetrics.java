package io.callstream.flink.merge;

import io.callstream.flink.analyze.SegmentFacts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Conversation metrics counted from segment facts, not asked of an LLM: exact, free and the same on
 * every replay.
 *
 * @param talkMsBySpeaker summed segment durations per speaker
 * @param talkRatio the top speaker's share of all talk time, 0 when nobody spoke
 * @param longestMonologueMs the longest run of consecutive segments (in sequence order) of one
 *     speaker, from its first start to its last end
 * @param questions segments that asked a question
 * @param speakerSwitchesPerMinute changes of speaker between consecutive segments, per minute from
 *     the first start to the last end
 */
record ConversationMetrics(
    Map<String, Long> talkMsBySpeaker,
    double talkRatio,
    long longestMonologueMs,
    int questions,
    double speakerSwitchesPerMinute) {

  private static final double MS_PER_MINUTE = 60_000;

  /** The metrics of {@code segments}, in any order. */
  static ConversationMetrics of(Collection<SegmentFacts> segments) {
    List<SegmentFacts> ordered = new ArrayList<>(segments);
    ordered.sort(Comparator.comparingLong(SegmentFacts::sequence));
    Map<String, Long> talk = new TreeMap<>();
    long longest = 0;
    int questions = 0;
    int switches = 0;
    long firstStart = Long.MAX_VALUE;
    long lastEnd = Long.MIN_VALUE;
    @Nullable SegmentFacts runFirst = null;
    long runEnd = 0;
    for (SegmentFacts segment : ordered) {
      talk.merge(segment.speaker(), Math.max(0, segment.endMs() - segment.startMs()), Long::sum);
      if (segment.question()) {
        questions++;
      }
      firstStart = Math.min(firstStart, segment.startMs());
      lastEnd = Math.max(lastEnd, segment.endMs());
      if (runFirst == null || !runFirst.speaker().equals(segment.speaker())) {
        if (runFirst != null) {
          switches++;
        }
        runFirst = segment;
        runEnd = segment.endMs();
      } else {
        runEnd = Math.max(runEnd, segment.endMs());
      }
      longest = Math.max(longest, runEnd - runFirst.startMs());
    }
    long total = talk.values().stream().mapToLong(Long::longValue).sum();
    long top = talk.values().stream().mapToLong(Long::longValue).max().orElse(0);
    long spanMs = ordered.isEmpty() ? 0 : lastEnd - firstStart;
    return new ConversationMetrics(
        talk,
        total == 0 ? 0 : (double) top / total,
        longest,
        questions,
        spanMs <= 0 ? 0 : switches / (spanMs / MS_PER_MINUTE));
  }
}
