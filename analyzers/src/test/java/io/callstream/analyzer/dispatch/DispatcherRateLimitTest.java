package io.callstream.analyzer.dispatch;

import static io.callstream.analyzer.dispatch.FakeProvider.Outcome.succeed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherRateLimitTest {

  private static final Duration LATENCY = Duration.ofMillis(10);

  private final ManualScheduler clock = new ManualScheduler();
  private final FakeProvider provider = new FakeProvider(clock, LATENCY);
  private final Dispatcher dispatcher =
      Dispatcher.of(
          DispatchSettings.defaults().withMaxConcurrency(200),
          Map.of(
                  "limited", RateLimit.perMinute(60, 0),
                  "tokens", RateLimit.perMinute(0, 1000),
                  "free", RateLimit.UNLIMITED)
              ::get,
          clock,
          () -> 1.0);

  @AfterEach
  void closeDispatcher() {
    dispatcher.close();
  }

  @Test
  void shouldLetAWorkspaceAtSixtyRequestsPerMinuteStartOnePerSecondAfterItsBurst() {
    for (int i = 0; i < 70; i++) {
      dispatcher.submit("limited", 1, provider.request("limited", "l" + i, succeed()));
    }
    for (int i = 0; i < 5; i++) {
      dispatcher.submit("free", 1, provider.request("free", "f" + i, succeed()));
    }

    // The bucket starts full: a minute's worth goes at once, the other workspace is not held up.
    assertThat(provider.startsOfWorkspace("limited")).isEqualTo(60);
    assertThat(provider.startsOfWorkspace("free")).isEqualTo(5);
    for (int second = 1; second <= 10; second++) {
      clock.advance(Duration.ofMillis(999));
      assertThat(provider.startsOfWorkspace("limited")).isEqualTo(60 + second - 1);
      clock.advance(Duration.ofMillis(1));
      assertThat(provider.startsOfWorkspace("limited")).isEqualTo(60 + second);
      if (second == 3) {
        dispatcher.submit("free", 1, provider.request("free", "late", succeed()));
        assertThat(provider.startsOf("late")).hasSize(1);
      }
    }
    List<Long> startedAfterBurst =
        provider.starts().stream()
            .filter(start -> start.workspaceId().equals("limited"))
            .skip(60)
            .map(FakeProvider.Start::atMillis)
            .toList();
    for (int i = 0; i < startedAfterBurst.size(); i++) {
      assertThat(startedAfterBurst.get(i)).isCloseTo(1000L * (i + 1), within(1L));
    }
    assertThat(dispatcher.stats().queued()).isZero();
  }

  @Test
  void shouldWaitForTokensAndLetARequestLargerThanTheBudgetGo() {
    List<CompletableFuture<String>> results = new ArrayList<>();
    results.add(dispatcher.submit("tokens", 5000, provider.request("tokens", "huge", succeed())));
    results.add(dispatcher.submit("tokens", 500, provider.request("tokens", "half", succeed())));
    results.add(dispatcher.submit("tokens", 0, provider.request("tokens", "none", succeed())));

    assertThat(provider.startsOf("huge")).hasSize(1);
    assertThat(dispatcher.stats().queuedByWorkspace()).containsEntry("tokens", 2);
    clock.advanceUntil(
        () -> results.stream().allMatch(CompletableFuture::isDone),
        Duration.ofMillis(100),
        Duration.ofMinutes(2));

    // 1,000 tokens per minute refill 500 in 30 s; a request of no tokens waits its turn only.
    assertThat(provider.startsOf("half").get(0).atMillis()).isCloseTo(30_000L, within(1L));
    assertThat(provider.startsOf("none").get(0).atMillis()).isCloseTo(30_000L, within(1L));
  }

  @Test
  void shouldSkipAWorkspaceOutOfBudgetInsteadOfBlockingOthers() {
    for (int i = 0; i < 65; i++) {
      dispatcher.submit("limited", 1, provider.request("limited", "l" + i, succeed()));
    }
    List<CompletableFuture<String>> free = new ArrayList<>();
    clock.advance(Duration.ofMillis(100));
    for (int i = 0; i < 300; i++) {
      free.add(dispatcher.submit("free", 1, provider.request("free", "f" + i, succeed())));
    }

    clock.advanceUntil(
        () -> free.stream().allMatch(CompletableFuture::isDone), LATENCY, Duration.ofSeconds(1));

    assertThat(clock.millis()).isLessThan(1000);
    assertThat(dispatcher.stats().queuedByWorkspace()).containsEntry("limited", 5);
  }
}
