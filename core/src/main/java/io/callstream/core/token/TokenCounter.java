package io.callstream.core.token;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts LLM tokens the way OpenAI's current models do ({@code o200k_base}, via jtokkit). Chunk
 * budgets, rate limits and the token benchmarks all count with it. Thread-safe.
 */
public final class TokenCounter {

  private static final TokenCounter O200K =
      new TokenCounter(Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE));

  private final Encoding encoding;

  private TokenCounter(Encoding encoding) {
    this.encoding = encoding;
  }

  /** The counter for {@code o200k_base} (GPT-4o and later). */
  public static TokenCounter o200k() {
    return O200K;
  }

  /** Tokens in the text; 0 for an empty string. */
  public int count(String text) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    return encoding.countTokensOrdinary(text);
  }
}
