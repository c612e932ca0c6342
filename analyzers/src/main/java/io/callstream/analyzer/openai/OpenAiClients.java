package io.callstream.analyzer.openai;

import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import java.net.URI;
import java.time.Duration;

/**
 * The SDK client every OpenAI-protocol caller (analysis, transcription) builds the same way: the
 * SDK's own retries off, so the dispatcher alone decides about retries, and one timeout per
 * request.
 */
public final class OpenAiClients {

  private OpenAiClients() {}

  /**
   * An async client for {@code baseUrl}; an empty {@code apiKey} (a self-hosted server that wants
   * none) still sends a bearer token, as the SDK requires one.
   */
  public static OpenAIClientAsync create(URI baseUrl, String apiKey, Duration requestTimeout) {
    return OpenAIOkHttpClientAsync.builder()
        .baseUrl(baseUrl.toString())
        .apiKey(apiKey.isEmpty() ? "none" : apiKey)
        .maxRetries(0)
        .timeout(requestTimeout)
        .build();
  }
}
