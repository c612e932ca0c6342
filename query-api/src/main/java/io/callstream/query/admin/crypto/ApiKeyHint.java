package io.callstream.query.admin.crypto;

/**
 * The masked form of a provider API key that reads show: its conventional, non-secret prefix (up to
 * and including the first dash within its first 8 characters, such as {@code sk-}) and its last 4
 * characters, as in {@code sk-…abcd}. With keys of at least {@value #MIN_KEY_LENGTH} characters
 * that leaves most of the key unshown. Stateless.
 */
final class ApiKeyHint {

  /** The shortest key accepted: a hint must not give away most of it. */
  static final int MIN_KEY_LENGTH = 16;

  private static final int SHOWN_TAIL = 4;
  private static final int PREFIX_WINDOW = 8;

  private ApiKeyHint() {}

  static String of(String apiKey) {
    if (apiKey.length() < MIN_KEY_LENGTH) {
      throw new IllegalArgumentException("apiKey is too short to hint at");
    }
    int dash = apiKey.indexOf('-');
    String prefix = dash >= 0 && dash < PREFIX_WINDOW ? apiKey.substring(0, dash + 1) : "";
    return prefix + "…" + apiKey.substring(apiKey.length() - SHOWN_TAIL);
  }
}
