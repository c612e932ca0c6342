package io.callstream.llmtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the test server reads from a {@code POST /v1/chat/completions} body: the model, the
 * requested schema's name, the user messages' lines and the prompt tokens, counted as OpenAI bills
 * them (o200k_base; 4 tokens per message and 3 for the reply's priming, plus the response schema).
 */
record ChatRequest(
    @Nullable String model, @Nullable String schemaName, PromptLines lines, int promptTokens) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Encoding O200K =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

  /** Parses the body, or fails with a message fit for a 400 answer. */
  static ChatRequest parse(String body) throws BadRequest {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequest("body is not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.path("messages").isArray() || root.path("messages").isEmpty()) {
      throw new BadRequest("messages must be a non-empty array");
    }
    int tokens = 3;
    List<String> userMessages = new ArrayList<>();
    for (JsonNode message : root.path("messages")) {
      String content = text(message.path("content"));
      tokens += 4 + tokens(content);
      if ("user".equals(message.path("role").asText())) {
        userMessages.add(content);
      }
    }
    JsonNode jsonSchema = root.path("response_format").path("json_schema");
    if (jsonSchema.isObject()) {
      tokens += tokens(jsonSchema.path("schema").toString());
    }
    return new ChatRequest(
        root.hasNonNull("model") ? root.get("model").asText() : null,
        jsonSchema.hasNonNull("name") ? jsonSchema.get("name").asText() : null,
        PromptLines.parse(userMessages),
        tokens);
  }

  static int tokens(String text) {
    return O200K.countTokensOrdinary(text);
  }

  /** A message's content: a string, or the text parts of an array of parts. */
  private static String text(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      if (part.path("text").isTextual()) {
        text.append(part.path("text").asText()).append('\n');
      }
    }
    return text.toString();
  }

  /** A request the server refuses with 400. */
  static final class BadRequest extends Exception {

    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message);
    }
  }
}
