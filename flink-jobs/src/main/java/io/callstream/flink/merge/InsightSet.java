package io.callstream.flink.merge;

import io.callstream.analyzer.Finding;
import io.callstream.core.id.Ids;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The deduplicated insights of a call. A finding of the same type as an insight, with a text like
 * its text, is that insight: it adds its citations and fills an owner or a due date the insight
 * lacks, while the insight keeps its first text and so its id. Not thread-safe; one per merge.
 */
final class InsightSet {

  private final String callId;
  private final List<Insight> insights = new ArrayList<>();

  private InsightSet(String callId) {
    this.callId = callId;
  }

  /** The insights of a call as they stood after the last merge, in the order they came. */
  static InsightSet of(String callId, List<Finding> findings) {
    InsightSet set = new InsightSet(callId);
    // Stored findings are already in call order, so any order keeps them as they are.
    findings.forEach(finding -> set.insights.add(new Insight(finding, (a, b) -> 0)));
    return set;
  }

  /** The stable id of an insight of {@code callId} first said as {@code finding}. */
  static String insightId(String callId, Finding finding) {
    return Ids.deterministic("insight", callId, finding.type().name(), Labels.key(finding.text()));
  }

  /**
   * Folds grounded {@code findings} in.
   *
   * @param callOrder orders segment ids as they were said
   * @return the insights that are new or changed, by id, in the order they first changed
   */
  Map<String, Finding> merge(
      List<Finding> findings, Comparator<String> callOrder, double similarity) {
    Map<String, Insight> changed = new LinkedHashMap<>();
    for (Finding finding : findings) {
      Insight insight = match(finding, similarity);
      if (insight == null) {
        insight = new Insight(finding, callOrder);
        insights.add(insight);
        changed.put(insightId(callId, insight.first), insight);
      } else if (insight.absorb(finding, callOrder)) {
        changed.put(insightId(callId, insight.first), insight);
      }
    }
    Map<String, Finding> result = new LinkedHashMap<>();
    changed.forEach((id, insight) -> result.put(id, insight.toFinding()));
    return result;
  }

  /** Every insight, in the order they came. */
  List<Finding> findings() {
    return insights.stream().map(Insight::toFinding).toList();
  }

  private @Nullable Insight match(Finding finding, double threshold) {
    Set<String> words = Labels.words(finding.text());
    String key = Labels.key(finding.text());
    @Nullable Insight match = null;
    double best = -1;
    for (Insight insight : insights) {
      if (insight.first.type() != finding.type()) {
        continue;
      }
      double similarity = Labels.similarity(words, key, insight.words, insight.key, threshold);
      if (similarity > best) {
        best = similarity;
        match = insight;
      }
    }
    return match;
  }

  /** One insight: its first finding, and what later findings added. */
  private static final class Insight {
    final Finding first;
    final Set<String> words;
    final String key;
    final Set<String> segmentIds = new LinkedHashSet<>();
    @Nullable String owner;
    @Nullable String due;

    Insight(Finding first, Comparator<String> callOrder) {
      this.first = first;
      this.words = Labels.words(first.text());
      this.key = Labels.key(first.text());
      this.owner = first.owner();
      this.due = first.due();
      List<String> ordered = new ArrayList<>(first.segmentIds());
      ordered.sort(callOrder);
      segmentIds.addAll(ordered);
    }

    /** Takes the citations, owner and due date of {@code finding}; whether anything changed. */
    boolean absorb(Finding finding, Comparator<String> callOrder) {
      boolean changed = false;
      for (String segmentId : finding.segmentIds()) {
        changed |= segmentIds.add(segmentId);
      }
      if (changed) {
        List<String> ordered = new ArrayList<>(segmentIds);
        ordered.sort(callOrder);
        segmentIds.clear();
        segmentIds.addAll(ordered);
      }
      if (owner == null && finding.owner() != null) {
        owner = finding.owner();
        changed = true;
      }
      if (due == null && finding.due() != null) {
        due = finding.due();
        changed = true;
      }
      return changed;
    }

    Finding toFinding() {
      return new Finding(first.type(), first.text(), owner, due, List.copyOf(segmentIds));
    }
  }
}
