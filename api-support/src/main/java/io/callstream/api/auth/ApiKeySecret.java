package io.callstream.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A workspace API key as the client holds it: {@code cs_<id>_<secret>}. The id is the visible,
 * non-secret prefix used for lookup; the secret carries 256 random bits and is stored only as a
 * SHA-256 hash. Immutable and thread-safe.
 */
public record ApiKeySecret(String id, String secret) {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern FORMAT = Pattern.compile("cs_([a-z0-9]{12})_([A-Za-z0-9_-]{43})");
  private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  public ApiKeySecret {
    if (id == null || secret == null) {
      throw new IllegalArgumentException("id and secret must not be null");
    }
  }

  /** Makes a new key with a fresh random id and secret. */
  public static ApiKeySecret generate() {
    StringBuilder id = new StringBuilder(12);
    for (int i = 0; i < 12; i++) {
      id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return new ApiKeySecret(
        id.toString(), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  /** Parses a presented key; empty when it does not have the shape of one of ours. */
  public static Optional<ApiKeySecret> parse(String presented) {
    var matcher = FORMAT.matcher(presented.trim());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new ApiKeySecret(matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(2)));
  }

  /** The key as shown once to its creator. */
  public String token() {
    return "cs_" + id + "_" + secret;
  }

  public byte[] hash() {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
  }

  /** Compares this secret with a stored hash in constant time. */
  public boolean matches(byte[] storedHash) {
    return MessageDigest.isEqual(hash(), storedHash);
  }

  @Override
  public String toString() {
    return "ApiKeySecret[id=" + id + ", secret=***]";
  }
}
