package io.callstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ClosedLoopTest {

  private static final Duration SHORT = Duration.ofMillis(200);

  @Test
  void shouldCountEveryCompletedOperation() {
    AtomicLong completed = new AtomicLong();

    ClosedLoop.Run run =
        ClosedLoop.run(4, SHORT, () -> Mono.fromRunnable(completed::incrementAndGet));

    assertThat(run.operations()).isEqualTo(completed.get());
  }

  @Test
  void shouldCompleteAtLeastOneOperationInEverySlot() {
    AtomicInteger started = new AtomicInteger();

    ClosedLoop.Run run =
        ClosedLoop.run(5, Duration.ZERO, () -> Mono.fromRunnable(started::incrementAndGet));

    assertThat(run.operations()).isEqualTo(5);
    assertThat(started).hasValue(5);
  }

  @Test
  void shouldNeverHaveMoreThanTheConcurrencyInFlight() {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();

    ClosedLoop.run(
        3,
        SHORT,
        () ->
            Mono.delay(Duration.ofMillis(1))
                .doOnSubscribe(
                    subscription -> peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max))
                .doFinally(signal -> inFlight.decrementAndGet()));

    assertThat(peak.get()).isBetween(1, 3);
  }

  @Test
  void shouldFailTheRunWhenAnOperationFails() {
    assertThatThrownBy(
            () ->
                ClosedLoop.run(
                    2, SHORT, () -> Mono.error(new IllegalStateException("answered 500"))))
        .hasMessageContaining("answered 500");
  }

  @Test
  void shouldTakeNearestRankPercentiles() {
    long[] sorted = LongStream.rangeClosed(1, 100).toArray();

    assertThat(ClosedLoop.percentile(sorted, 50)).isEqualTo(50);
    assertThat(ClosedLoop.percentile(sorted, 99)).isEqualTo(99);
    assertThat(ClosedLoop.percentile(sorted, 100)).isEqualTo(100);
    assertThat(ClosedLoop.percentile(new long[] {7}, 99)).isEqualTo(7);
  }

  @Test
  void shouldRejectPercentilesOfNoSamples() {
    assertThatThrownBy(() -> ClosedLoop.percentile(new long[0], 50))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
