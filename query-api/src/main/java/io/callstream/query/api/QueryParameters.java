package io.callstream.query.api;

import io.callstream.core.event.InsightType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ResponseStatusException;

/**
 * Parses query parameters into values, answering 400 with a problem that names the parameter, never
 * a 500. Parameters arrive as strings so that Spring's own conversion errors never decide the
 * answer.
 */
final class QueryParameters {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;

  private QueryParameters() {}

  /** {@code limit}: 1 to {@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when absent. */
  static int limit(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value.trim());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw BadRequest.because(
        "limit must be a whole number from 1 to " + MAX_LIMIT + ", was '" + value + "'");
  }

  /** A time as ISO-8601 with an offset ({@code 2026-03-01T10:00:00Z}), or null when absent. */
  static @Nullable Instant instant(String name, @Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw BadRequest.because(
          name
              + " must be an ISO-8601 time with an offset, like 2026-03-01T10:00:00Z, was '"
              + value
              + "'");
    }
  }

  /** An insight type by its name, any case, or null when absent. */
  static @Nullable InsightType insightType(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return InsightType.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw BadRequest.because(
          "type must be one of " + Arrays.toString(InsightType.values()) + ", was '" + value + "'");
    }
  }

  /** A call status ({@code open} or {@code ended}), or null when absent. */
  static @Nullable String callStatus(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String status = value.trim().toLowerCase(Locale.ROOT);
    if (!status.equals("open") && !status.equals("ended")) {
      throw BadRequest.because("status must be 'open' or 'ended', was '" + value + "'");
    }
    return status;
  }

  /** The cursor of list {@code kind}, or null when absent. */
  static @Nullable Cursor cursor(@Nullable String value, String kind, int keyCount) {
    return value == null || value.isBlank() ? null : Cursor.decode(value.trim(), kind, keyCount);
  }

  /** Fails when both ends of a time range are given and {@code from} is not before {@code to}. */
  static void checkRange(@Nullable Instant from, @Nullable Instant to)
      throws ResponseStatusException {
    if (from != null && to != null && !from.isBefore(to)) {
      throw BadRequest.because("from must be before to");
    }
  }
}
