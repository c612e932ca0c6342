package io.callstream.query.admin.crypto;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code PUT .../integrations/llm}. {@code apiKey} may be left out to change only the
 * other settings of an integration that has a key.
 *
 * @param provider one of {@link LlmProvider}'s names
 * @param apiKey the provider API key; never logged ({@link #toString()} leaves it out)
 * @param baseUrl the provider's endpoint, {@code https} (or {@code http} on this machine)
 * @param model the model to use, or null for the analyzer's default
 */
public record LlmIntegrationRequest(
    @Nullable String provider,
    @Nullable String apiKey,
    @Nullable String baseUrl,
    @Nullable String model) {

  @Override
  public String toString() {
    return "LlmIntegrationRequest[provider="
        + provider
        + ", apiKey="
        + (apiKey == null ? "absent" : "(hidden)")
        + ", baseUrl="
        + baseUrl
        + ", model="
        + model
        + "]";
  }
}
