package io.callstream.query.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A call as the call list shows it. Immutable.
 *
 * @param analysisStatus how the analysis ended ({@code COMPLETED}, {@code DEGRADED}, ...), null
 *     while it has not
 */
public record CallListItem(
    String id,
    String title,
    String status,
    Instant createdAt,
    @Nullable Instant endedAt,
    @Nullable String analysisStatus) {}
