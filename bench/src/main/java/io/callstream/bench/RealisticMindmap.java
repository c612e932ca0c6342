package io.callstream.bench;

import io.callstream.core.id.Ids;
import io.callstream.core.meeting.Meeting;
import io.callstream.core.result.Citation;
import io.callstream.core.result.MindmapNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A mindmap of the shape and size the analysis gives a long call, built from a real meeting, so a
 * benchmark decrypts and parses a payload like a real one: topics over consecutive stretches of the
 * meeting, key points under each, every node citing real turns with their times and the segment ids
 * ingest gives them. Stateless.
 */
final class RealisticMindmap {

  /** What the analysis job calls the root of every call's mindmap. */
  static final String ROOT_LABEL = "Call";

  /** The longest label, in words: labels are short phrases, not sentences. */
  static final int LABEL_WORDS = 8;

  /** Turns a key point cites: its longest ones. */
  static final int CITATIONS_PER_KEY_POINT = 3;

  private RealisticMindmap() {}

  /**
   * A mindmap of {@code meeting} as call {@code callId}: {@code topics} topics of {@code
   * keyPointsPerTopic} key points each. A topic is labelled with the meeting's reference topic
   * where it has one (QMSum), else with the opening words of its stretch; a key point with the
   * opening words of its longest turn.
   *
   * @throws IllegalArgumentException if the meeting has fewer turns than key points
   */
  static MindmapNode of(Meeting meeting, String callId, int topics, int keyPointsPerTopic) {
    Objects.requireNonNull(meeting, "meeting must not be null");
    Objects.requireNonNull(callId, "callId must not be null");
    if (topics < 1 || keyPointsPerTopic < 1) {
      throw new IllegalArgumentException(
          "topics and keyPointsPerTopic must be positive, were "
              + topics
              + ", "
              + keyPointsPerTopic);
    }
    int turns = meeting.turns().size();
    if (turns < topics * keyPointsPerTopic) {
      throw new IllegalArgumentException(
          meeting.name()
              + " has "
              + turns
              + " turns, fewer than the "
              + topics * keyPointsPerTopic
              + " key points asked for");
    }
    List<MindmapNode> topicNodes = new ArrayList<>(topics);
    for (int t = 0; t < topics; t++) {
      int from = turns * t / topics;
      int to = turns * (t + 1) / topics;
      List<MindmapNode> keyPoints = new ArrayList<>(keyPointsPerTopic);
      for (int k = 0; k < keyPointsPerTopic; k++) {
        int keyFrom = from + (to - from) * k / keyPointsPerTopic;
        int keyTo = from + (to - from) * (k + 1) / keyPointsPerTopic;
        keyPoints.add(keyPoint(meeting, callId, t, k, keyFrom, keyTo));
      }
      List<Citation> topicCitations =
          keyPoints.stream().map(keyPoint -> keyPoint.citations().get(0)).toList();
      topicNodes.add(
          new MindmapNode(
              Ids.deterministic("node", callId, t),
              topicLabel(meeting, from),
              topicCitations,
              keyPoints));
    }
    return new MindmapNode(
        Ids.deterministic("node", callId, "root"), ROOT_LABEL, List.of(), topicNodes);
  }

  /** The key point of turns {@code from} (inclusive) to {@code to} (exclusive). */
  private static MindmapNode keyPoint(
      Meeting meeting, String callId, int topic, int keyPoint, int from, int to) {
    List<Integer> longest =
        IntStream.range(from, to)
            .boxed()
            .sorted(
                Comparator.comparingInt((Integer i) -> meeting.turns().get(i).text().length())
                    .reversed())
            .limit(CITATIONS_PER_KEY_POINT)
            .sorted()
            .toList();
    List<Citation> citations =
        longest.stream()
            .map(
                i ->
                    new Citation(
                        segmentId(callId, i),
                        meeting.turns().get(i).startMs(),
                        meeting.turns().get(i).endMs()))
            .toList();
    int longestTurn =
        longest.stream()
            .max(Comparator.comparingInt(i -> meeting.turns().get(i).text().length()))
            .orElseThrow();
    return new MindmapNode(
        Ids.deterministic("node", callId, topic, keyPoint),
        label(meeting.turns().get(longestTurn).text(), "Point " + (keyPoint + 1)),
        citations,
        List.of());
  }

  private static String topicLabel(Meeting meeting, int firstTurn) {
    return meeting.topics().stream()
        .filter(span -> span.firstTurn() <= firstTurn && firstTurn <= span.lastTurn())
        .findFirst()
        .map(span -> label(span.topic(), "Topic"))
        .orElseGet(() -> label(meeting.turns().get(firstTurn).text(), "Topic"));
  }

  /** The segment id ingest gives the {@code index}th segment of a call. */
  static String segmentId(String callId, int index) {
    return Ids.deterministic("segment", callId, index);
  }

  private static String label(String text, String fallback) {
    String[] words = text.strip().split("\\s+");
    String label = String.join(" ", List.of(words).subList(0, Math.min(LABEL_WORDS, words.length)));
    return label.isBlank() ? fallback : label;
  }
}
