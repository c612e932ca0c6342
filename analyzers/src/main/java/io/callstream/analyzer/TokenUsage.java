package io.callstream.analyzer;

/**
 * What analyzing cost: LLM prompt and completion tokens and requests made. The local analyzer
 * reports the tokens of the text it read and no requests.
 */
public record TokenUsage(long inputTokens, long outputTokens, int requests) {

  public static final TokenUsage NONE = new TokenUsage(0, 0, 0);

  public TokenUsage {
    if (inputTokens < 0 || outputTokens < 0 || requests < 0) {
      throw new IllegalArgumentException("usage must not be negative");
    }
  }

  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        requests + other.requests);
  }
}
