package io.callstream.flink.analyze;

/**
 * What the merge step needs to know of a segment without its text: when and who, and whether it
 * asked a question (decided on the decrypted text in the analyze step).
 */
public record SegmentFacts(
    String segmentId, long sequence, String speaker, long startMs, long endMs, boolean question) {}
