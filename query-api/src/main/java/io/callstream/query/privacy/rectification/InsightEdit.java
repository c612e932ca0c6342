package io.callstream.query.privacy.rectification;

import org.jspecify.annotations.Nullable;

/** The body of {@code PATCH .../calls/{callId}/insights/{insightId}}: the insight's new text. */
public record InsightEdit(@Nullable String text) {}
