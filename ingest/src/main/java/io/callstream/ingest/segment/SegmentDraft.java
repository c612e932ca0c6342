package io.callstream.ingest.segment;

/**
 * A segment as a client or a parser gives it, before encryption: plaintext, with the sequence
 * number that orders it within its call.
 *
 * @param sequence position in the call; a later segment with the same sequence replaces an interim
 *     one
 * @param speaker who spoke
 * @param startMs start, milliseconds from the call's start
 * @param endMs end, milliseconds from the call's start
 * @param text what was said
 * @param finalResult false for an interim result that a later segment will replace
 */
public record SegmentDraft(
    long sequence, String speaker, long startMs, long endMs, String text, boolean finalResult) {}
