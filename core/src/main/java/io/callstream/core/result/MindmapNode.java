package io.callstream.core.result;

import java.util.List;

/**
 * A node of a call's mindmap. The root stands for the whole call and may cite nothing; every other
 * node cites at least one segment of its call (grounding), or it is not emitted.
 *
 * @param id stable id: the same topic keeps its id as the mindmap grows and merges
 * @param label short text of the node
 * @param citations segments the node comes from, in call order
 * @param children sub-nodes, in the order they came up in the call
 */
public record MindmapNode(
    String id, String label, List<Citation> citations, List<MindmapNode> children) {

  public MindmapNode {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException("label must not be blank");
    }
    citations = List.copyOf(citations == null ? List.of() : citations);
    children = List.copyOf(children == null ? List.of() : children);
  }

  /** Number of nodes in this subtree, this one included. */
  public int size() {
    return 1 + children.stream().mapToInt(MindmapNode::size).sum();
  }
}
