package io.callstream.core.crypto;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The words search works on: a text in Unicode NFKC, lower-cased, cut at every character that is
 * neither a letter, a digit nor a combining mark, keeping the pieces of {@value #MIN_LENGTH} code
 * points or more. So {@code "Café-Budget, Q3!"} gives {@code café, budget, q3}, and full-width
 * {@code "ＱＵＯＴＥ"} matches {@code quote}.
 *
 * <p>No stopwords: the rule must be the same for every language a transcript may be in, a query
 * made only of common words ("to be or not to be") should still find something, and leaving the
 * commonest words out would not stop an attacker from ranking the rest by frequency. Marks stay in
 * their word so that scripts which write vowels as marks (Devanagari, Thai) are not cut apart.
 * Scripts written without spaces (Chinese, Japanese) give one token per run of text, so search
 * finds them only by a whole run.
 *
 * <p>Stateless and thread-safe.
 */
public final class SearchTokens {

  /** The fewest code points a token has; shorter pieces ("a", "I", a stray digit) are dropped. */
  public static final int MIN_LENGTH = 2;

  private SearchTokens() {}

  /** The distinct tokens of {@code text}, in the order they first occur. */
  public static List<String> of(String text) {
    Objects.requireNonNull(text, "text must not be null");
    // NFKC before lower-casing, as compatibility forms may decompose into capitals (U+210C is H),
    // and again after, so that every token is its own normal form.
    String normal =
        Normalizer.normalize(
            Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT),
            Normalizer.Form.NFKC);
    Set<String> tokens = new LinkedHashSet<>();
    int start = -1;
    int length = 0;
    for (int i = 0; i < normal.length(); ) {
      int codePoint = normal.codePointAt(i);
      if (isWordPart(codePoint)) {
        if (start < 0) {
          start = i;
          length = 0;
        }
        length++;
      } else if (start >= 0) {
        add(tokens, normal, start, i, length);
        start = -1;
      }
      i += Character.charCount(codePoint);
    }
    if (start >= 0) {
      add(tokens, normal, start, normal.length(), length);
    }
    return List.copyOf(tokens);
  }

  /** Whether every token of {@code query} is a token of {@code text}. */
  public static boolean containsAll(String text, String query) {
    return Set.copyOf(of(text)).containsAll(of(query));
  }

  private static void add(Set<String> tokens, String text, int start, int end, int codePoints) {
    if (codePoints >= MIN_LENGTH) {
      tokens.add(text.substring(start, end));
    }
  }

  private static boolean isWordPart(int codePoint) {
    if (Character.isLetterOrDigit(codePoint)) {
      return true;
    }
    int type = Character.getType(codePoint);
    return type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }
}
