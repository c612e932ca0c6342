package io.callstream.analyzer.local;

import io.callstream.analyzer.Branch;
import io.callstream.analyzer.Finding;
import io.callstream.analyzer.Synthesis;
import io.callstream.analyzer.SynthesisRequest;
import io.callstream.analyzer.TokenUsage;
import io.callstream.core.event.InsightType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The call's headline and summary, put together from what was found, not written: the headline is
 * the label of the topic that rests on the most segments; the summary lists the topics and the
 * leading findings of each kind. It cites the segments of every branch and finding it names, and no
 * other. Thread-safe (stateless).
 */
final class ExtractiveSynthesis {

  static final int MAX_TOPICS = 5;
  static final int MAX_PER_KIND = 3;

  private ExtractiveSynthesis() {}

  static Synthesis of(SynthesisRequest call) {
    Set<String> cited = new LinkedHashSet<>();
    List<String> sentences = new ArrayList<>();
    List<Branch> topics = call.mindmap().stream().limit(MAX_TOPICS).toList();
    if (!topics.isEmpty()) {
      List<String> labels = new ArrayList<>();
      for (Branch topic : topics) {
        labels.add(topic.label());
        cited.addAll(citations(topic));
      }
      sentences.add("Topics: " + String.join("; ", labels) + ".");
    }
    addKind(call, InsightType.DECISION, "Decided", sentences, cited);
    addKind(call, InsightType.ACTION_ITEM, "Action items", sentences, cited);
    addKind(call, InsightType.OPEN_QUESTION, "Open questions", sentences, cited);
    addKind(call, InsightType.OBJECTION, "Concerns", sentences, cited);
    addKind(call, InsightType.RISK, "Risks", sentences, cited);
    addKind(call, InsightType.NEXT_STEP, "Next steps", sentences, cited);
    String summary =
        sentences.isEmpty()
            ? "No topics or insights were found in this call."
            : String.join(" ", sentences);
    return new Synthesis(headline(call), summary, List.copyOf(cited), TokenUsage.NONE);
  }

  private static String headline(SynthesisRequest call) {
    Branch largest = null;
    int largestSize = -1;
    for (Branch topic : call.mindmap()) {
      int size = citations(topic).size();
      if (size > largestSize) {
        largest = topic;
        largestSize = size;
      }
    }
    if (largest != null) {
      return largest.label();
    }
    return call.findings().isEmpty() ? "No topics found" : "Findings without topics";
  }

  private static void addKind(
      SynthesisRequest call,
      InsightType type,
      String heading,
      List<String> sentences,
      Set<String> cited) {
    List<String> texts = new ArrayList<>();
    for (Finding finding : call.findings()) {
      if (finding.type() == type && texts.size() < MAX_PER_KIND) {
        texts.add(describe(finding));
        cited.addAll(finding.segmentIds());
      }
    }
    if (!texts.isEmpty()) {
      sentences.add(heading + ": " + String.join("; ", texts) + ".");
    }
  }

  private static String describe(Finding finding) {
    String text = finding.text().strip().replaceAll("[.!?…]+$", "");
    List<String> details = new ArrayList<>();
    if (finding.owner() != null) {
      details.add(finding.owner());
    }
    if (finding.due() != null) {
      details.add(finding.due());
    }
    return details.isEmpty() ? text : text + " (" + String.join(", ", details) + ")";
  }

  /** Every segment a branch and its children rest on. */
  private static Set<String> citations(Branch branch) {
    Set<String> ids = new LinkedHashSet<>(branch.segmentIds());
    for (Branch child : branch.children()) {
      ids.addAll(citations(child));
    }
    return ids;
  }
}
