package io.callstream.flink.merge;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the merge step folds the chunks of a call into one mindmap and one list of insights.
 *
 * @param nodeSimilarity token-set Jaccard similarity of two mindmap labels from which they are the
 *     same node (one label's words contained in the other's also counts), from 0 (exclusive) to 1
 * @param insightSimilarity the same for the texts of two insights of one type
 * @param maxTopics most topics under the root; beyond, the least-cited are dropped
 * @param maxKeyPoints most key points under one topic; beyond, the least-cited are dropped
 * @param finishedRetention how long a finished call is remembered, so that a chunk replayed after
 *     the call ended is ignored rather than starting the call over
 */
public record MergeSettings(
    double nodeSimilarity,
    double insightSimilarity,
    int maxTopics,
    int maxKeyPoints,
    Duration finishedRetention)
    implements Serializable {

  public MergeSettings {
    if (!(nodeSimilarity > 0 && nodeSimilarity <= 1)) {
      throw new IllegalArgumentException("nodeSimilarity must be in (0, 1], was " + nodeSimilarity);
    }
    if (!(insightSimilarity > 0 && insightSimilarity <= 1)) {
      throw new IllegalArgumentException(
          "insightSimilarity must be in (0, 1], was " + insightSimilarity);
    }
    if (maxTopics < 1) {
      throw new IllegalArgumentException("maxTopics must be at least 1, was " + maxTopics);
    }
    if (maxKeyPoints < 1) {
      throw new IllegalArgumentException("maxKeyPoints must be at least 1, was " + maxKeyPoints);
    }
    if (finishedRetention == null || finishedRetention.isNegative() || finishedRetention.isZero()) {
      throw new IllegalArgumentException("finishedRetention must be positive");
    }
  }

  /**
   * Half the words in common merges two labels, 60% two insights; a map of at most 12 topics of 8
   * key points reads on one screen; a finished call is remembered for a day.
   */
  public static MergeSettings defaults() {
    return new MergeSettings(0.5, 0.6, 12, 8, Duration.ofDays(1));
  }
}
