package io.callstream.core.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks shared by the event records, so every record rejects bad input with the same
 * wording ({@code "callId must not be null"}).
 */
final class Checks {

  private Checks() {}

  static <T> T notNull(@Nullable T value, String name) {
    return Objects.requireNonNull(value, () -> name + " must not be null");
  }

  static String notBlank(@Nullable String value, String name) {
    notNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  /**
   * A nullable text is either absent or has content: an empty string would be a second "absent".
   */
  static @Nullable String notBlankIfPresent(@Nullable String value, String name) {
    if (value != null && value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank when present");
    }
    return value;
  }

  static long notNegative(long value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
    return value;
  }

  static int notNegative(int value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, was " + value);
    }
    return value;
  }

  static double notNegative(double value, String name) {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(name + " must be a finite number >= 0, was " + value);
    }
    return value;
  }

  /** The envelope every event carries; checked in one place so the messages never drift. */
  static void envelope(
      @Nullable String eventId,
      @Nullable String workspaceId,
      @Nullable String callId,
      @Nullable Instant occurredAt) {
    notBlank(eventId, "eventId");
    notBlank(workspaceId, "workspaceId");
    notBlank(callId, "callId");
    notNull(occurredAt, "occurredAt");
  }

  /** An immutable copy whose elements are non-blank ids. */
  static List<String> ids(@Nullable List<String> values, String name) {
    notNull(values, name);
    for (String value : values) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " must not contain null or blank ids");
      }
    }
    return List.copyOf(values);
  }

  /** An immutable copy; {@code List.copyOf} would throw a bare NullPointerException instead. */
  static <T> List<T> elements(@Nullable List<T> values, String name) {
    notNull(values, name);
    // a loop, not contains(null): immutable lists throw on contains(null)
    for (T value : values) {
      if (value == null) {
        throw new IllegalArgumentException(name + " must not contain null");
      }
    }
    return List.copyOf(values);
  }

  /** An immutable copy with non-blank keys and non-null values. */
  static <V> Map<String, V> entries(@Nullable Map<String, V> values, String name) {
    notNull(values, name);
    values.forEach(
        (key, value) -> {
          if (key == null || key.isBlank()) {
            throw new IllegalArgumentException(name + " must not contain null or blank keys");
          }
          if (value == null) {
            throw new IllegalArgumentException(name + " must not contain a null value for " + key);
          }
        });
    return Map.copyOf(values);
  }
}
