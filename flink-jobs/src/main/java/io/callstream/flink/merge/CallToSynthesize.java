package io.callstream.flink.merge;

import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.event.Ciphertext;
import io.callstream.flink.analyze.SegmentFacts;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A call whose every chunk has been merged, handed to the final synthesis pass. Sent once per call.
 *
 * @param mindmap the merged mindmap so far ({@code ResultJson} of the root {@code MindmapNode}),
 *     encrypted as {@code Field.MINDMAP}
 * @param findings the call's deduplicated findings as {@code ChunkFindings} JSON (branches empty),
 *     encrypted as {@code Field.INSIGHT}
 * @param segments facts of every segment of the call, for grounding and timestamps of the summary
 * @param nextMindmapVersion the version the consolidated mindmap must carry (one above the last)
 * @param status how analysis went before synthesis: {@code COMPLETED} or {@code DEGRADED}
 * @param reason why it is degraded, or null
 * @param analyzer the analyzer of the call's results
 */
public record CallToSynthesize(
    String workspaceId,
    String callId,
    Ciphertext mindmap,
    Ciphertext findings,
    List<SegmentFacts> segments,
    long nextMindmapVersion,
    CallAnalyzed.Status status,
    @Nullable String reason,
    String analyzer) {}
