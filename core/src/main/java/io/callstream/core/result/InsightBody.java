package io.callstream.core.result;

import org.jspecify.annotations.Nullable;

/**
 * What an insight says: the plaintext inside {@code InsightDetected.body}.
 *
 * @param text the insight in one sentence
 * @param owner who is to act, when someone was named (action items)
 * @param due when it is due, as said in the call ("Friday", "2026-12-01"), when it was said
 */
public record InsightBody(String text, @Nullable String owner, @Nullable String due) {

  public InsightBody {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("text must not be blank");
    }
  }
}
