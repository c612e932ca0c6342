package io.callstream.analyzer.openai;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;

/**
 * Where and how the {@code openai} analyzer calls its model, chosen per plan. The base URL selects
 * the provider: {@code https://api.openai.com/v1}, an Azure OpenAI deployment, or an
 * OpenAI-compatible server such as vLLM or Ollama. Serializable, so a Flink job can carry it;
 * {@link #toString()} leaves the API key out.
 *
 * @param baseUrl the API's base URL, ending before {@code /chat/completions}
 * @param apiKey the key; may be empty for a local server that wants none
 * @param model the model (or Azure deployment) name
 * @param requestTimeout how long one HTTP request may take in all before it counts as unavailable
 */
public record OpenAiSettings(URI baseUrl, String apiKey, String model, Duration requestTimeout)
    implements Serializable {

  /** OpenAI's own API. */
  public static final URI OPENAI = URI.create("https://api.openai.com/v1");

  public OpenAiSettings {
    if (baseUrl == null) {
      throw new IllegalArgumentException("baseUrl must not be null");
    }
    if (apiKey == null) {
      throw new IllegalArgumentException("apiKey must not be null");
    }
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
  }

  public static OpenAiSettings of(URI baseUrl, String apiKey, String model, Duration timeout) {
    return new OpenAiSettings(baseUrl, apiKey, model, timeout);
  }

  @Override
  public String toString() {
    return "OpenAiSettings[baseUrl="
        + baseUrl
        + ", model="
        + model
        + ", requestTimeout="
        + requestTimeout
        + "]";
  }
}
