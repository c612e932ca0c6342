package io.callstream.core.crypto;

import java.security.SecureRandom;

/** Secrets of the usual shape made for one test run, so that none is ever committed. */
public final class GeneratedSecrets {

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private GeneratedSecrets() {}

  /**
   * A provider API key: {@code prefix}, 28 random letters and digits, then {@code lastFour} (which
   * a masked view shows).
   */
  public static String providerKey(String prefix, String lastFour) {
    StringBuilder key = new StringBuilder(prefix);
    for (int i = 0; i < 28; i++) {
      key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return key.append(lastFour).toString();
  }
}
