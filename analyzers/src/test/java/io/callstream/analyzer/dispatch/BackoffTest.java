package io.callstream.analyzer.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LongSummaryStatistics;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final long MS = 1_000_000;

  @Test
  void shouldKeepJitteredDelaysWithinTheDoublingCeiling() {
    Random random = new Random(7);
    Backoff backoff = new Backoff(DispatchSettings.defaults(), random::nextDouble);

    for (int failed = 1; failed <= 12; failed++) {
      long ceiling = Math.min(500 * MS << (failed - 1), 30_000 * MS);
      assertThat(backoff.ceilingNanos(failed)).isEqualTo(ceiling);
      LongSummaryStatistics delays = new LongSummaryStatistics();
      for (int i = 0; i < 1000; i++) {
        delays.accept(backoff.delayNanos(failed, null));
      }
      assertThat(delays.getMin()).isGreaterThanOrEqualTo(0);
      assertThat(delays.getMax()).isLessThanOrEqualTo(ceiling);
      // Full jitter: spread over the whole range, not bunched at one end.
      assertThat(delays.getMin()).isLessThan(ceiling / 10);
      assertThat(delays.getMax()).isGreaterThan(ceiling * 9 / 10);
    }
  }

  @Test
  void shouldNotOverflowAfterManyFailures() {
    Backoff backoff = new Backoff(DispatchSettings.defaults(), () -> 1.0);

    assertThat(backoff.delayNanos(Integer.MAX_VALUE, null)).isEqualTo(30_000 * MS);
  }

  @Test
  void shouldHonourRetryAfterExactlyUpToItsCap() {
    Backoff backoff = new Backoff(DispatchSettings.defaults(), () -> 0.0);

    assertThat(backoff.delayNanos(1, Duration.ofSeconds(7))).isEqualTo(7_000 * MS);
    assertThat(backoff.delayNanos(3, Duration.ofHours(1))).isEqualTo(120_000 * MS);
  }

  @Test
  void shouldDescribeDurationsForPeople() {
    assertThat(Failure.describe(Duration.ofMillis(500))).isEqualTo("500 ms");
    assertThat(Failure.describe(Duration.ofSeconds(2))).isEqualTo("2 s");
    assertThat(Failure.describe(Duration.ofMillis(1500))).isEqualTo("1.5 s");
  }
}
