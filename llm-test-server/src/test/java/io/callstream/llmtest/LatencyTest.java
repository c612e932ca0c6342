package io.callstream.llmtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyTest {

  @Test
  void shouldDrawLogNormalLatenciesWithTheGivenMedianAndP99() {
    Latency latency = Latency.logNormal(Duration.ofMillis(200), Duration.ofMillis(1000));
    Random random = new Random(1);
    long[] samples = new long[20_000];
    Arrays.setAll(samples, i -> latency.sampleNanos(random));
    Arrays.sort(samples);

    assertThat(samples[samples.length / 2] / 1e6).isBetween(190.0, 210.0);
    assertThat(samples[(int) (samples.length * 0.99)] / 1e6).isBetween(900.0, 1100.0);
  }

  @Test
  void shouldDrawUniformLatenciesWithinTheirBounds() {
    Latency latency = Latency.uniform(Duration.ofMillis(100), Duration.ofMillis(300));
    Random random = new Random(1);

    for (int i = 0; i < 1000; i++) {
      assertThat(latency.sampleNanos(random)).isBetween(100_000_000L, 300_000_000L);
    }
    assertThat(Latency.fixed(Duration.ofMillis(200)).sampleNanos(random)).isEqualTo(200_000_000L);
  }

  @Test
  void shouldRejectAP99BelowTheMedian() {
    assertThatThrownBy(() -> Latency.logNormal(Duration.ofMillis(200), Duration.ofMillis(100)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectFaultRatesAddingUpToMoreThanOne() {
    assertThatThrownBy(() -> Faults.of(0.5, 0.3, 0.2, 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 1");
  }
}
