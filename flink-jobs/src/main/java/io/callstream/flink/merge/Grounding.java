package io.callstream.flink.merge;

import io.callstream.analyzer.Branch;
import io.callstream.analyzer.ChunkFindings;
import io.callstream.analyzer.Finding;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Keeps what an analyzer found only where it rests on real segments of the call: a citation of a
 * segment the call does not have is removed, and a topic, key point or insight left with no
 * citation is dropped (with its key points, for a topic). Repeated citations are kept once.
 */
final class Grounding {

  private Grounding() {}

  /** What is left of a chunk's findings, and how much was removed. */
  record Grounded(
      List<Branch> branches, List<Finding> findings, int citationsDropped, int itemsDropped) {}

  /** Grounds {@code findings} in the segments {@code known} accepts. */
  static Grounded ground(ChunkFindings findings, Predicate<String> known) {
    Counts counts = new Counts();
    List<Branch> branches = new ArrayList<>();
    for (Branch branch : findings.branches()) {
      List<String> cited = keep(branch.segmentIds(), known, counts);
      List<Branch> children = new ArrayList<>();
      for (Branch child : branch.children()) {
        // Deeper levels are not part of the map (root, topics, key points): they are let go.
        List<String> childCited = keep(child.segmentIds(), known, counts);
        if (childCited.isEmpty()) {
          counts.items++;
        } else {
          children.add(new Branch(child.label(), childCited, List.of()));
        }
      }
      if (cited.isEmpty()) {
        counts.items += 1 + children.size();
      } else {
        branches.add(new Branch(branch.label(), cited, children));
      }
    }
    List<Finding> grounded = new ArrayList<>();
    for (Finding finding : findings.findings()) {
      List<String> cited = keep(finding.segmentIds(), known, counts);
      if (cited.isEmpty()) {
        counts.items++;
      } else {
        grounded.add(
            new Finding(finding.type(), finding.text(), finding.owner(), finding.due(), cited));
      }
    }
    return new Grounded(
        List.copyOf(branches), List.copyOf(grounded), counts.citations, counts.items);
  }

  private static List<String> keep(
      List<String> segmentIds, Predicate<String> known, Counts counts) {
    Set<String> kept = new LinkedHashSet<>();
    for (String segmentId : segmentIds) {
      if (known.test(segmentId)) {
        kept.add(segmentId);
      } else {
        counts.citations++;
      }
    }
    return List.copyOf(kept);
  }

  private static final class Counts {
    int citations;
    int items;
  }
}
