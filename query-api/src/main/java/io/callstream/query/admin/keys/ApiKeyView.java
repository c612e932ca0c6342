package io.callstream.query.admin.keys;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An API key as the list shows it: never its secret or hash. Immutable.
 *
 * @param id the key's visible prefix ({@code cs_<id>_...})
 * @param createdBy who created it ({@code key:<id>}, {@code user:<id>}); null for keys older than
 *     the record of it
 * @param lastUsedAt when it last authenticated, to the minute; null if never
 * @param revokedAt when it was revoked; null while it is active
 */
public record ApiKeyView(
    String id,
    String name,
    String role,
    Instant createdAt,
    @Nullable String createdBy,
    @Nullable Instant expiresAt,
    @Nullable Instant lastUsedAt,
    @Nullable Instant revokedAt) {}
