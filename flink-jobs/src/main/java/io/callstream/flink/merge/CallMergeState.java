package io.callstream.flink.merge;

import io.callstream.flink.analyze.ChunkAnalyzed;
import org.jspecify.annotations.Nullable;

/**
 * Where the merge of one call stands: keyed state of {@link CallMerger}, public only because
 * Flink's POJO serializer needs it so. Holds no call content.
 *
 * @param analyzer the analyzer of the call's chunk 0 (of the first to arrive until chunk 0 is
 *     merged), which the call's results are credited to
 * @param nextIndex the index of the next chunk to merge, which is also the number of chunks merged
 * @param lastIndex the index of the call's last chunk, or -1 while it has not arrived
 * @param maxIndex the highest chunk index arrived so far
 * @param arrived chunks arrived, each index counted once
 * @param mindmapVersion version of the last mindmap emitted, 0 before the first
 * @param analyzedChunks chunks with segments whose findings were merged
 * @param failedChunks chunks that could not be analyzed
 * @param firstFailure why the first (lowest) failed chunk failed, or null
 * @param firstArrivalMs processing time at which the first chunk arrived, for the ETA
 */
public record CallMergeState(
    String workspaceId,
    String analyzer,
    int nextIndex,
    int lastIndex,
    int maxIndex,
    int arrived,
    long mindmapVersion,
    int analyzedChunks,
    int failedChunks,
    @Nullable String firstFailure,
    long firstArrivalMs) {

  static CallMergeState start(ChunkAnalyzed first, long nowMs) {
    return new CallMergeState(
        first.workspaceId(), first.analyzer(), 0, -1, -1, 0, 0, 0, 0, null, nowMs);
  }

  /** After {@code chunk} arrived (not merged yet). */
  CallMergeState arrived(ChunkAnalyzed chunk) {
    return new CallMergeState(
        workspaceId,
        analyzer,
        nextIndex,
        chunk.last() ? chunk.index() : lastIndex,
        Math.max(maxIndex, chunk.index()),
        arrived + 1,
        mindmapVersion,
        analyzedChunks,
        failedChunks,
        firstFailure,
        firstArrivalMs);
  }

  /**
   * After {@code chunk}, the one at {@link #nextIndex}, was merged; {@code failure} says why it
   * could not be analyzed, if it could not.
   */
  CallMergeState merged(ChunkAnalyzed chunk, @Nullable String failure, boolean mindmapChanged) {
    boolean failed = failure != null;
    boolean hadSegments = !chunk.segments().isEmpty();
    return new CallMergeState(
        workspaceId,
        chunk.index() == 0 ? chunk.analyzer() : analyzer,
        nextIndex + 1,
        lastIndex,
        maxIndex,
        arrived,
        mindmapChanged ? mindmapVersion + 1 : mindmapVersion,
        !failed && hadSegments ? analyzedChunks + 1 : analyzedChunks,
        failed ? failedChunks + 1 : failedChunks,
        firstFailure == null ? failure : firstFailure,
        firstArrivalMs);
  }

  /** Whether the call's last chunk and every one before it are merged. */
  boolean complete() {
    return lastIndex >= 0 && nextIndex > lastIndex;
  }

  /** Chunks the call has: known once its last chunk arrived, at least those seen so far. */
  int totalChunks() {
    return lastIndex >= 0 ? lastIndex + 1 : maxIndex + 1;
  }
}
