package io.callstream.flink.analyze;

import io.callstream.core.event.Ciphertext;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A chunk after analysis: what was found in it, or why nothing could be. Exactly one per {@link
 * io.callstream.flink.chunk.Chunk}, whatever happened, so the merge step can count a call to its
 * end.
 *
 * @param segments facts of the chunk's own segments (not its context), in sequence order
 * @param findings the analyzer's {@code ChunkFindings} as JSON ({@code FindingsJson}), encrypted as
 *     {@code Field.MINDMAP} for the chunk's workspace and call; null when the chunk failed or had
 *     no segments
 * @param failure why the chunk could not be analyzed (retries exhausted, timed out, rejected), or
 *     null
 * @param analyzer name of the analyzer that was asked
 */
public record ChunkAnalyzed(
    String workspaceId,
    String callId,
    String chunkId,
    int index,
    boolean last,
    List<SegmentFacts> segments,
    @Nullable Ciphertext findings,
    @Nullable String failure,
    String analyzer,
    long inputTokens,
    long outputTokens,
    int llmCalls) {}
