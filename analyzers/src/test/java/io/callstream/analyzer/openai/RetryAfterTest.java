package io.callstream.analyzer.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-06-02T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void shouldPreferRetryAfterMsToRetryAfter() {
    assertThat(RetryAfter.parse("1500", "9", CLOCK)).isEqualTo(Duration.ofMillis(1500));
    assertThat(RetryAfter.parse("20.5", null, CLOCK))
        .isEqualTo(Duration.ofMillis(20).plusNanos(500_000));
  }

  @Test
  void shouldReadRetryAfterInSecondsOrAsAnHttpDate() {
    assertThat(RetryAfter.parse(null, "2", CLOCK)).isEqualTo(Duration.ofSeconds(2));
    assertThat(RetryAfter.parse(null, "Mon, 02 Jun 2025 10:00:30 GMT", CLOCK))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse(null, "Mon, 02 Jun 2025 09:00:00 GMT", CLOCK))
        .isEqualTo(Duration.ZERO);
  }

  @Test
  void shouldFallBackAndGiveUpOnValuesItCannotRead() {
    assertThat(RetryAfter.parse("soon", "3", CLOCK)).isEqualTo(Duration.ofSeconds(3));
    assertThat(RetryAfter.parse(null, "later", CLOCK)).isNull();
    assertThat(RetryAfter.parse("-5", "-1", CLOCK)).isNull();
    assertThat(RetryAfter.parse(null, null, CLOCK)).isNull();
  }
}
