package io.callstream.flink.merge;

import io.callstream.analyzer.Branch;
import io.callstream.core.id.Ids;
import io.callstream.core.result.Citation;
import io.callstream.core.result.MindmapNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A call's mindmap while chunks are folded into it: root, topics, key points. A branch whose label
 * is like a topic's joins that topic, which keeps its first id and label and gains the citations;
 * any other branch becomes a topic with an id made of the call and its normalized label, so a
 * replay makes the same ids. Key points merge the same way under their topic. Nodes are ordered by
 * their first citation; the least-cited are let go when a level is over its bound. Not thread-safe;
 * one per merge.
 */
final class MindmapTree {

  static final String ROOT_LABEL = "Call";

  private static final Comparator<Citation> CALL_ORDER =
      Comparator.comparingLong(Citation::startMs)
          .thenComparingLong(Citation::endMs)
          .thenComparing(Citation::segmentId);

  private static final Comparator<Node> BY_FIRST_CITATION =
      Comparator.comparingLong(Node::firstStartMs).thenComparing(node -> node.id);

  private static final Comparator<Node> MOST_CITED_FIRST =
      Comparator.comparingInt((Node node) -> node.citations.size())
          .reversed()
          .thenComparing(BY_FIRST_CITATION);

  private final String callId;
  private final Node root;

  private MindmapTree(String callId, Node root) {
    this.callId = callId;
    this.root = root;
  }

  /** The map of a call before anything is known: the root alone. */
  static MindmapTree empty(String callId) {
    return new MindmapTree(callId, new Node(rootId(callId), ROOT_LABEL, List.of()));
  }

  /** The map as it was emitted last. */
  static MindmapTree of(String callId, MindmapNode root) {
    return new MindmapTree(callId, Node.of(root));
  }

  /** Id of the root of a call's map. */
  static String rootId(String callId) {
    return Ids.deterministic("node", callId, "root");
  }

  /**
   * Folds grounded {@code branches} into the map.
   *
   * @param citationOf the citation (with its time span) of a segment every branch cites
   */
  void merge(List<Branch> branches, Function<String, Citation> citationOf, MergeSettings settings) {
    for (Branch branch : branches) {
      Node topic = mergeInto(root.children, branch, null, citationOf, settings);
      for (Branch keyPoint : branch.children()) {
        mergeInto(topic.children, keyPoint, topic.id, citationOf, settings);
      }
      bound(topic.children, settings.maxKeyPoints());
    }
    bound(root.children, settings.maxTopics());
  }

  MindmapNode toNode() {
    return root.toNode();
  }

  private Node mergeInto(
      List<Node> level,
      Branch branch,
      @Nullable String parentId,
      Function<String, Citation> citationOf,
      MergeSettings settings) {
    Set<String> words = Labels.words(branch.label());
    String key = Labels.key(branch.label());
    @Nullable Node match = null;
    double best = -1;
    for (Node node : level) {
      double similarity =
          Labels.similarity(words, key, node.words, node.key, settings.nodeSimilarity());
      if (similarity > best) {
        best = similarity;
        match = node;
      }
    }
    if (match == null) {
      String id =
          parentId == null
              ? Ids.deterministic("node", callId, key)
              : Ids.deterministic("node", callId, parentId, key);
      match = new Node(id, branch.label().strip(), List.of());
      level.add(match);
    }
    for (String segmentId : branch.segmentIds()) {
      match.citations.putIfAbsent(segmentId, citationOf.apply(segmentId));
    }
    level.sort(BY_FIRST_CITATION);
    return match;
  }

  /** Keeps the {@code max} most-cited nodes of a level, still in order of first citation. */
  private static void bound(List<Node> level, int max) {
    if (level.size() > max) {
      List<Node> kept = new ArrayList<>(level);
      kept.sort(MOST_CITED_FIRST);
      kept = new ArrayList<>(kept.subList(0, max));
      kept.sort(BY_FIRST_CITATION);
      level.clear();
      level.addAll(kept);
    }
  }

  /** A node while it can still change. Label and id never change once made. */
  private static final class Node {
    final String id;
    final String label;
    final Set<String> words;
    final String key;
    final Map<String, Citation> citations = new LinkedHashMap<>();
    final List<Node> children = new ArrayList<>();

    Node(String id, String label, List<Citation> citations) {
      this.id = id;
      this.label = label;
      this.words = Labels.words(label);
      this.key = Labels.key(label);
      citations.forEach(citation -> this.citations.put(citation.segmentId(), citation));
    }

    static Node of(MindmapNode node) {
      Node copy = new Node(node.id(), node.label(), node.citations());
      node.children().forEach(child -> copy.children.add(of(child)));
      return copy;
    }

    long firstStartMs() {
      return citations.values().stream().mapToLong(Citation::startMs).min().orElse(0);
    }

    MindmapNode toNode() {
      List<Citation> ordered = new ArrayList<>(citations.values());
      ordered.sort(CALL_ORDER);
      return new MindmapNode(id, label, ordered, children.stream().map(Node::toNode).toList());
    }
  }
}
