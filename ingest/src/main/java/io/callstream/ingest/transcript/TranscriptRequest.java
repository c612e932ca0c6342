package io.callstream.ingest.transcript;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Body of a JSON transcript upload. */
public record TranscriptRequest(@Nullable List<SegmentInput> segments) {}
