package io.callstream.ingest.transcript;

import org.jspecify.annotations.Nullable;

/** One segment as a client sends it in our JSON format. */
public record SegmentInput(
    @Nullable String speaker, long startMs, long endMs, @Nullable String text) {}
