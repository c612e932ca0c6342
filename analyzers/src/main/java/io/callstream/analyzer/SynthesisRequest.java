package io.callstream.analyzer;

import java.util.List;

/**
 * The final pass over a whole call, on call end: its merged mindmap and deduplicated findings, not
 * its transcript, so the prompt grows with what was found rather than with every word said.
 *
 * @param mindmap top-level topics of the merged mindmap, with their key points
 * @param findings every insight of the call
 */
public record SynthesisRequest(
    String workspaceId, String callId, List<Branch> mindmap, List<Finding> findings) {

  public SynthesisRequest {
    Require.notBlank(workspaceId, "workspaceId");
    Require.notBlank(callId, "callId");
    mindmap = List.copyOf(Require.notNull(mindmap, "mindmap"));
    findings = List.copyOf(Require.notNull(findings, "findings"));
  }
}
