package io.callstream.query.api;

/**
 * A transcript segment that holds every word of a search, decrypted, with its call. Immutable.
 *
 * @param callTitle the title of the call, so a list of hits reads without more requests
 * @param startMs start, in milliseconds from the start of the call
 * @param endMs end, in milliseconds from the start of the call
 */
public record SearchHit(
    String callId,
    String callTitle,
    String segmentId,
    long sequence,
    String speaker,
    long startMs,
    long endMs,
    String text) {}
