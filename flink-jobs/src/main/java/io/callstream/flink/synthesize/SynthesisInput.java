package io.callstream.flink.synthesize;

import io.callstream.analyzer.Branch;
import io.callstream.analyzer.Finding;
import io.callstream.analyzer.SynthesisRequest;
import io.callstream.core.event.InsightType;
import io.callstream.core.result.Citation;
import io.callstream.core.result.MindmapNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the final pass reads of a call: its topics with their first key points, and the first few
 * findings of each kind, each cut short. Bounded, so the summary request costs about the same for a
 * long call as for a short one and LLM input stays linear in the call's length.
 */
final class SynthesisInput {

  static final int KEY_POINTS_PER_TOPIC = 2;
  static final int FINDINGS_PER_TYPE = 3;
  static final int WORDS_PER_TEXT = 16;

  private SynthesisInput() {}

  static SynthesisRequest of(
      String workspaceId, String callId, MindmapNode root, List<Finding> findings) {
    return new SynthesisRequest(workspaceId, callId, topics(root), firstOfEachType(findings));
  }

  private static List<Branch> topics(MindmapNode root) {
    List<Branch> topics = new ArrayList<>();
    for (MindmapNode topic : root.children()) {
      List<Branch> points =
          topic.children().stream()
              .limit(KEY_POINTS_PER_TOPIC)
              .map(point -> new Branch(shortened(point.label()), ids(point), List.of()))
              .toList();
      topics.add(new Branch(shortened(topic.label()), ids(topic), points));
    }
    return topics;
  }

  private static List<Finding> firstOfEachType(List<Finding> findings) {
    Map<InsightType, Integer> taken = new EnumMap<>(InsightType.class);
    List<Finding> kept = new ArrayList<>();
    for (Finding finding : findings) {
      if (taken.merge(finding.type(), 1, Integer::sum) <= FINDINGS_PER_TYPE) {
        kept.add(
            new Finding(
                finding.type(),
                shortened(finding.text()),
                finding.owner(),
                finding.due(),
                finding.segmentIds()));
      }
    }
    return kept;
  }

  private static List<String> ids(MindmapNode node) {
    return node.citations().stream().map(Citation::segmentId).toList();
  }

  static String shortened(String text) {
    String[] words = text.strip().split("\\s+");
    return words.length <= WORDS_PER_TEXT
        ? text.strip()
        : String.join(" ", List.of(words).subList(0, WORDS_PER_TEXT)) + " …";
  }
}
