package io.callstream.llmtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One request the test server received, and how it answered it.
 *
 * @param receivedAt when the request arrived
 * @param path request path, for example {@code /v1/chat/completions}
 * @param model the request's {@code model}, when it named one
 * @param schemaName name of the requested {@code response_format} JSON schema, when there was one
 * @param body the request body as sent (for a transcription: a JSON summary of the multipart form)
 * @param answer how it was answered; {@link Fault#RATE_LIMITED} also for the concurrency limit
 * @param promptTokens prompt tokens as the answer's {@code usage} counts them (o200k_base); 0 when
 *     the request was not a chat completion
 * @param completionTokens tokens of the answer's content; 0 for failures
 * @param hallucinatedCitation whether the answer cites a segment id that is not in the prompt
 */
public record RecordedRequest(
    Instant receivedAt,
    String path,
    @Nullable String model,
    @Nullable String schemaName,
    String body,
    Fault answer,
    int promptTokens,
    int completionTokens,
    boolean hallucinatedCitation) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The body parsed as JSON. */
  public JsonNode json() {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("request body is not JSON", e);
    }
  }
}
