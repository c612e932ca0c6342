package io.callstream.analyzer;

import java.util.List;

/** What an analyzer found in one chunk: a partial mindmap and insights, with what it cost. */
public record ChunkFindings(List<Branch> branches, List<Finding> findings, TokenUsage usage) {

  public ChunkFindings {
    branches = List.copyOf(Require.notNull(branches, "branches"));
    findings = List.copyOf(Require.notNull(findings, "findings"));
    Require.notNull(usage, "usage");
  }
}
