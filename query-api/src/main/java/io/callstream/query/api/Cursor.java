package io.callstream.query.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.springframework.web.server.ResponseStatusException;

/**
 * An opaque pagination cursor: the sort key of the last item of a page, as base64url. Its kind
 * keeps a cursor of one list from being used on another. Clients must not read it; its format may
 * change. Immutable.
 *
 * @param kind which list the cursor belongs to
 * @param time the last item's time
 * @param keys the last item's tie-breaking ids
 */
record Cursor(String kind, Instant time, List<String> keys) {

  private static final String SEPARATOR = "\n";

  Cursor {
    Objects.requireNonNull(kind, "kind must not be null");
    Objects.requireNonNull(time, "time must not be null");
    keys = List.copyOf(keys);
  }

  static Cursor of(String kind, Instant time, String... keys) {
    return new Cursor(kind, time, List.of(keys));
  }

  String encode() {
    String plain =
        kind
            + SEPARATOR
            + time.getEpochSecond()
            + SEPARATOR
            + time.getNano()
            + SEPARATOR
            + String.join(SEPARATOR, keys);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a cursor this API gave out for list {@code kind} with {@code keyCount} ids.
   *
   * @throws ResponseStatusException 400 when it is not such a cursor
   */
  static Cursor decode(String encoded, String kind, int keyCount) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
      String[] parts = plain.split(SEPARATOR, -1);
      if (parts.length != 3 + keyCount || !parts[0].equals(kind)) {
        throw new IllegalArgumentException("wrong shape");
      }
      Instant time = Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
      List<String> keys = Arrays.asList(parts).subList(3, parts.length);
      if (keys.stream().anyMatch(String::isEmpty)) {
        throw new IllegalArgumentException("empty key");
      }
      return new Cursor(kind, time, keys);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw BadRequest.because("cursor is not one this list gave out; start again without it");
    }
  }
}
