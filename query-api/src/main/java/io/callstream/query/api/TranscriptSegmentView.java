package io.callstream.query.api;

/**
 * One segment of a call's transcript, decrypted. Immutable.
 *
 * @param callId the call
 * @param segmentId what mindmap nodes and insights cite
 * @param sequence the segment's place in the call, from 0
 * @param startMs start, in milliseconds from the start of the call
 * @param endMs end, in milliseconds from the start of the call
 * @param finalResult false while a live recognizer may still revise the segment
 */
public record TranscriptSegmentView(
    String callId,
    String segmentId,
    long sequence,
    String speaker,
    long startMs,
    long endMs,
    String text,
    boolean finalResult) {}
