package io.callstream.query.privacy.rectification;

import io.callstream.core.event.InsightType;
import org.jspecify.annotations.Nullable;

/** An insight after its text was corrected, decrypted, as the answer to the edit. */
public record EditedInsight(
    String insightId,
    String callId,
    InsightType type,
    String text,
    @Nullable String owner,
    @Nullable String due) {}
