package io.callstream.analyzer;

import java.util.List;

/**
 * A piece of a partial mindmap found in one chunk: a topic with its key points (children).
 *
 * @param label short text of the topic or point
 * @param segmentIds segments it rests on; citations of segments outside the request are removed
 *     later, and a branch left with none is dropped
 * @param children key points under the topic
 */
public record Branch(String label, List<String> segmentIds, List<Branch> children) {

  public Branch {
    Require.notBlank(label, "label");
    segmentIds = List.copyOf(Require.notNull(segmentIds, "segmentIds"));
    children = List.copyOf(Require.notNull(children, "children"));
  }
}
