package io.callstream.query.export;

import io.callstream.core.result.MindmapNode;
import java.util.List;
import java.util.function.Function;

/** A label tree read back from an export, compared with the tree that was exported. */
record Outline(String label, List<Outline> children) {

  Outline {
    children = List.copyOf(children);
  }

  /** The tree a format should show for {@code node}, each node's text made by {@code text}. */
  static Outline expected(MindmapNode node, Function<MindmapNode, String> text) {
    return new Outline(
        text.apply(node), node.children().stream().map(child -> expected(child, text)).toList());
  }

  int size() {
    return 1 + children.stream().mapToInt(Outline::size).sum();
  }

  int depth() {
    return 1 + children.stream().mapToInt(Outline::depth).max().orElse(0);
  }
}
