package io.callstream.analyzer.openai;

import com.openai.core.http.Headers;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How long a provider asked us to wait: OpenAI's {@code retry-after-ms} (milliseconds, may be
 * fractional) when present, else the standard {@code Retry-After} (seconds or an HTTP date).
 */
final class RetryAfter {

  private RetryAfter() {}

  static @Nullable Duration from(Headers headers, Clock clock) {
    return parse(first(headers, "retry-after-ms"), first(headers, "retry-after"), clock);
  }

  static @Nullable Duration parse(
      @Nullable String retryAfterMs, @Nullable String retryAfter, Clock clock) {
    if (retryAfterMs != null) {
      try {
        double millis = Double.parseDouble(retryAfterMs.strip());
        if (millis >= 0 && Double.isFinite(millis)) {
          return Duration.ofNanos((long) (millis * 1_000_000));
        }
      } catch (NumberFormatException e) {
        // fall through to Retry-After
      }
    }
    if (retryAfter == null) {
      return null;
    }
    String value = retryAfter.strip();
    try {
      double seconds = Double.parseDouble(value);
      return seconds >= 0 && Double.isFinite(seconds)
          ? Duration.ofNanos((long) (seconds * 1_000_000_000L))
          : null;
    } catch (NumberFormatException e) {
      try {
        Duration wait =
            Duration.between(
                clock.instant(),
                ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException unparsable) {
        return null;
      }
    }
  }

  private static @Nullable String first(Headers headers, String name) {
    List<String> values = headers.values(name);
    return values.isEmpty() ? null : values.get(0);
  }
}
