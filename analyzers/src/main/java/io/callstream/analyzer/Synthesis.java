package io.callstream.analyzer;

import java.util.List;

/**
 * The call as a whole: a headline for the mindmap's root and a summary that cites the segments it
 * rests on.
 */
public record Synthesis(
    String headline, String summary, List<String> segmentIds, TokenUsage usage) {

  public Synthesis {
    Require.notBlank(headline, "headline");
    Require.notBlank(summary, "summary");
    segmentIds = List.copyOf(Require.notNull(segmentIds, "segmentIds"));
    Require.notNull(usage, "usage");
  }
}
