package io.callstream.analyzer.transcribe;

import java.util.List;

/**
 * The transcript of one {@link AudioChunk}: its segments in order, timed in call time.
 *
 * @param workspaceId the chunk's workspace
 * @param callId the chunk's call
 * @param chunkStartMs where the chunk starts in the call
 * @param segments the segments, possibly none (silence)
 */
public record ChunkTranscript(
    String workspaceId, String callId, long chunkStartMs, List<TranscribedSegment> segments) {

  public ChunkTranscript {
    if (workspaceId == null || callId == null) {
      throw new IllegalArgumentException("workspaceId and callId must not be null");
    }
    if (segments == null) {
      throw new IllegalArgumentException("segments must not be null");
    }
    segments = List.copyOf(segments);
  }
}
