package io.callstream.ingest.segment;

import org.jspecify.annotations.Nullable;

/**
 * A segment as a client or a parser gives it, before encryption: plaintext, with the sequence
 * number that orders it within its call.
 *
 * @param sequence position in the call; a later segment with the same sequence replaces an interim
 *     one
 * @param speaker who spoke; {@code unknown} when null
 * @param startMs start, milliseconds from the call's start
 * @param endMs end, milliseconds from the call's start
 * @param text what was said
 * @param finalResult false for an interim result that a later segment will replace
 */
public record SegmentDraft(
    long sequence,
    @Nullable String speaker,
    long startMs,
    long endMs,
    @Nullable String text,
    boolean finalResult) {}
