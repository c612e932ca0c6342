package io.callstream.query.admin.crypto;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A workspace's LLM integration as the API shows it: the key only as a hint, never in plaintext.
 *
 * @param provider the provider's name
 * @param baseUrl the endpoint, or null for the provider's own
 * @param model the model, or null for the analyzer's default
 * @param apiKeyHint the key masked, like {@code sk-…abcd}
 * @param updatedAt when it was last changed
 */
public record LlmIntegrationView(
    String provider,
    @Nullable String baseUrl,
    @Nullable String model,
    String apiKeyHint,
    Instant updatedAt) {}
