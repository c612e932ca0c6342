package io.callstream.analyzer;

import java.util.List;

/**
 * One chunk of a call to analyze.
 *
 * @param chunkId deterministic id of the chunk
 * @param index position of the chunk in the call, from 0
 * @param context the end of the previous chunk, repeated for context: already analyzed, so an
 *     analyzer reads it but should not report findings that rest only on it
 * @param lines the chunk's own lines, in call order, at least one
 */
public record ChunkRequest(
    String workspaceId,
    String callId,
    String chunkId,
    int index,
    List<TranscriptLine> context,
    List<TranscriptLine> lines) {

  public ChunkRequest {
    Require.notBlank(workspaceId, "workspaceId");
    Require.notBlank(callId, "callId");
    Require.notBlank(chunkId, "chunkId");
    context = List.copyOf(Require.notNull(context, "context"));
    lines = List.copyOf(Require.notNull(lines, "lines"));
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("lines must not be empty");
    }
  }
}
