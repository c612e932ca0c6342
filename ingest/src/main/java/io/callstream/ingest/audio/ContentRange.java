package io.callstream.ingest.audio;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A {@code Content-Range} request header of a partial PUT (RFC 9110 §14.4), in one of its forms:
 *
 * <ul>
 *   <li>{@code bytes FIRST-LAST/TOTAL}: the body holds bytes FIRST to LAST (inclusive) of an audio
 *       of TOTAL bytes;
 *   <li>{@code bytes FIRST-LAST/*}: the same, while the total is not known yet;
 *   <li>{@code bytes *}{@code /TOTAL} or {@code bytes *}{@code /*}: no bytes, a question for the
 *       stored offset (as in Google's resumable uploads).
 * </ul>
 *
 * @param first position of the body's first byte; {@code null} in a status query
 * @param last position of the body's last byte, inclusive; {@code null} in a status query
 * @param total length of the whole audio; {@code null} where the header says {@code *}
 */
record ContentRange(@Nullable Long first, @Nullable Long last, @Nullable Long total) {

  /** The form clients are told to use when a header cannot be read. */
  static final String FORMS = "'bytes FIRST-LAST/TOTAL', 'bytes FIRST-LAST/*' or 'bytes */TOTAL'";

  private static final Pattern SYNTAX =
      Pattern.compile("bytes (?:(\\d{1,18})-(\\d{1,18})|\\*)/(\\d{1,18}|\\*)");

  ContentRange {
    if ((first == null) != (last == null)) {
      throw new IllegalArgumentException("first and last must both be given or both be absent");
    }
    if (first != null && (first < 0 || last < first)) {
      throw new IllegalArgumentException(
          "the range must not end before it starts, was " + first + "-" + last);
    }
    if (total != null && total <= 0) {
      throw new IllegalArgumentException("the audio length must be positive, was " + total);
    }
    if (total != null && last != null && last >= total) {
      throw new IllegalArgumentException(
          "the range " + first + "-" + last + " does not fit in an audio of " + total + " bytes");
    }
  }

  /**
   * Reads a header value.
   *
   * @throws IllegalArgumentException with a message for the client if {@code value} is none of the
   *     forms above, or its positions contradict each other
   */
  static ContentRange parse(String value) {
    Objects.requireNonNull(value, "value must not be null");
    Matcher matcher = SYNTAX.matcher(value.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "Content-Range '" + value + "' is not one of " + FORMS + " (positions in bytes, from 0)");
    }
    try {
      return new ContentRange(
          number(matcher.group(1)), number(matcher.group(2)), number(matcher.group(3)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Content-Range '" + value + "' is invalid: " + e.getMessage(), e);
    }
  }

  /** Whether this is a status query ({@code bytes *}{@code /...}): it carries no bytes. */
  boolean isStatusQuery() {
    return first == null;
  }

  private static @Nullable Long number(@Nullable String digits) {
    // at most 18 digits: always within a long
    return digits == null || digits.equals("*") ? null : Long.parseLong(digits);
  }
}
