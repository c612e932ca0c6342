package io.callstream.query.admin.keys;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A request for a new API key.
 *
 * @param name what the key is for, 1 to 100 characters
 * @param role {@code owner}, {@code manager} or {@code member}: at most the creator's own
 * @param expiresAt when the key stops working; null for never
 */
public record NewApiKey(
    @Nullable String name, @Nullable String role, @Nullable Instant expiresAt) {}
