package io.callstream.flink.chunk;

import io.callstream.core.event.TranscriptSegment;
import java.util.List;

/**
 * A slice of a call's transcript, cut at a speaker turn, for one analyzer request. Text stays
 * encrypted: the segments are the events as they came from Kafka.
 *
 * <p>Every call ends with exactly one chunk whose {@code last} is true; it may have no segments
 * (the call ended right after a cut, or had no segments at all), and then it only tells the steps
 * after it how many chunks the call has: {@code index + 1}.
 *
 * @param chunkId deterministic from call and index, so a replay cuts the same chunks
 * @param index position in the call, from 0, without gaps
 * @param context the last segments of the previous chunk, repeated for context (the overlap)
 * @param segments the chunk's own segments, in sequence order; each segment of the call is in
 *     exactly one chunk's {@code segments}
 * @param tokens tokens of the segments' text (o200k), context not counted
 * @param last whether this is the call's final chunk
 */
public record Chunk(
    String workspaceId,
    String callId,
    String chunkId,
    int index,
    List<TranscriptSegment> context,
    List<TranscriptSegment> segments,
    int tokens,
    boolean last) {}
