package io.callstream.ingest.idempotency;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The value of an {@code Idempotency-Key} request header: 1 to {@value #MAX_LENGTH} printable ASCII
 * characters. The draft defines the field as a Structured Field String ({@code Idempotency-Key:
 * "8e03978e-40d5-43e8-bc93-6894a57f9324"}, RFC 8941); many clients send the bare value instead, so
 * both are accepted and mean the same key. Immutable and thread-safe.
 *
 * @param value the key, unquoted
 */
public record IdempotencyKey(String value) {

  /** The longest key accepted, in characters. */
  public static final int MAX_LENGTH = 255;

  public IdempotencyKey {
    Objects.requireNonNull(value, "value must not be null");
    String problem = problem(value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /**
   * Reads the key from the values of every {@code Idempotency-Key} header of a request.
   *
   * @throws IllegalArgumentException with a message for the client when there is not exactly one
   *     well-formed key
   */
  public static IdempotencyKey parse(List<String> headerValues) {
    Objects.requireNonNull(headerValues, "headerValues must not be null");
    if (headerValues.size() != 1) {
      throw new IllegalArgumentException(
          "send one Idempotency-Key header, not " + headerValues.size());
    }
    String raw = headerValues.get(0).strip();
    if (raw.startsWith("\"")) {
      return new IdempotencyKey(unquote(raw));
    }
    return new IdempotencyKey(raw);
  }

  /** An sf-string: {@code "..."} with {@code \"} and {@code \\} as its only escapes. */
  private static String unquote(String quoted) {
    StringBuilder value = new StringBuilder(quoted.length());
    for (int i = 1; i < quoted.length(); i++) {
      char c = quoted.charAt(i);
      if (c == '\\') {
        if (i + 1 >= quoted.length()
            || (quoted.charAt(i + 1) != '"' && quoted.charAt(i + 1) != '\\')) {
          throw new IllegalArgumentException(
              "Idempotency-Key is a quoted string with a backslash that escapes neither"
                  + " '\"' nor '\\'");
        }
        value.append(quoted.charAt(++i));
      } else if (c == '"') {
        if (i != quoted.length() - 1) {
          throw new IllegalArgumentException(
              "Idempotency-Key has characters after its closing quote");
        }
        return value.toString();
      } else {
        value.append(c);
      }
    }
    throw new IllegalArgumentException("Idempotency-Key opens a quoted string but never closes it");
  }

  private static @Nullable String problem(String value) {
    if (value.isEmpty()) {
      return "Idempotency-Key must not be empty";
    }
    if (value.length() > MAX_LENGTH) {
      return "Idempotency-Key must have at most "
          + MAX_LENGTH
          + " characters, it has "
          + value.length();
    }
    if (value.isBlank()) {
      return "Idempotency-Key must not be blank";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return "Idempotency-Key must be printable ASCII; character "
            + (i + 1)
            + " is U+"
            + String.format("%04X", (int) c);
      }
    }
    return null;
  }
}
