package io.callstream.core.meeting;

import java.util.List;

/**
 * A real recorded meeting with its human references.
 *
 * @param name file name without extension, for example {@code education_19}
 * @param turns what was said, in time order
 * @param topics reference topic segmentation (QMSum files only; empty for AMI {@code .da})
 * @param actionItems reference action items (AMI {@code .actions}; empty when there are none)
 * @param decisions reference decisions (AMI {@code .decisions}; empty when there are none)
 */
public record Meeting(
    String name,
    List<Turn> turns,
    List<TopicSpan> topics,
    List<String> actionItems,
    List<String> decisions) {

  /** One speaker turn. QMSum files have no times: they are estimated at 150 words a minute. */
  public record Turn(String speaker, long startMs, long endMs, String text) {}

  /** A reference topic: turns {@code firstTurn} to {@code lastTurn}, inclusive. */
  public record TopicSpan(String topic, int firstTurn, int lastTurn) {}

  /** Length of the meeting in milliseconds. */
  public long durationMs() {
    return turns.isEmpty() ? 0 : turns.get(turns.size() - 1).endMs();
  }
}
