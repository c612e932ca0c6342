package io.callstream.query.privacy.rectification;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code PATCH .../calls/{callId}/speakers}: rename speaker {@code from} to {@code to}.
 */
public record SpeakerRename(@Nullable String from, @Nullable String to) {}
