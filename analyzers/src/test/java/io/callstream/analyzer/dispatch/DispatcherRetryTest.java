package io.callstream.analyzer.dispatch;

import static io.callstream.analyzer.dispatch.FakeProvider.Outcome.fail;
import static io.callstream.analyzer.dispatch.FakeProvider.Outcome.hang;
import static io.callstream.analyzer.dispatch.FakeProvider.Outcome.succeed;
import static io.callstream.analyzer.dispatch.FakeProvider.malformed;
import static io.callstream.analyzer.dispatch.FakeProvider.rateLimited;
import static io.callstream.analyzer.dispatch.FakeProvider.rejected;
import static io.callstream.analyzer.dispatch.FakeProvider.unavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.analyzer.AnalyzerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherRetryTest {

  private static final Duration LATENCY = Duration.ofMillis(10);

  private final ManualScheduler clock = new ManualScheduler();
  private final FakeProvider provider = new FakeProvider(clock, LATENCY);
  private final List<Dispatcher> dispatchers = new ArrayList<>();

  @AfterEach
  void closeDispatchers() {
    dispatchers.forEach(Dispatcher::close);
  }

  @Test
  void shouldWaitForRetryAfterBeforeTheNextAttemptAndPauseEveryoneMeanwhile() {
    Dispatcher dispatcher = dispatcher(DispatchSettings.defaults().withGlobalCooldown(true));
    CompletableFuture<String> limited =
        dispatcher.submit(
            "A",
            1,
            provider.request("A", "a", fail(rateLimited(Duration.ofSeconds(2))), succeed()));
    clock.advance(Duration.ofMillis(500));
    CompletableFuture<String> other =
        dispatcher.submit("B", 1, provider.request("B", "b", succeed()));

    clock.advance(Duration.ofMillis(1509));
    assertThat(provider.startsOf("a")).hasSize(1);
    assertThat(provider.startsOf("b")).isEmpty();
    clock.advance(Duration.ofMillis(100));

    // The 429 came at 10 ms: nothing starts before 2,010 ms.
    assertThat(provider.startsOf("a").get(1).atMillis()).isEqualTo(2010);
    assertThat(provider.startsOf("b").get(0).atMillis()).isEqualTo(2010);
    assertThat(limited).isCompletedWithValue("a");
    assertThat(other).isCompletedWithValue("b");
    assertThat(dispatcher.stats().rateLimitedAnswers()).isEqualTo(1);
    assertThat(dispatcher.stats().retries()).isEqualTo(1);
  }

  @Test
  void shouldLetOthersGoDuringRetryAfterWhenTheGlobalCooldownIsOff() {
    Dispatcher dispatcher = dispatcher(DispatchSettings.defaults().withGlobalCooldown(false));
    dispatcher.submit(
        "A", 1, provider.request("A", "a", fail(rateLimited(Duration.ofSeconds(2))), succeed()));
    clock.advance(Duration.ofMillis(500));
    dispatcher.submit("B", 1, provider.request("B", "b", succeed()));

    clock.advance(Duration.ofSeconds(3));

    assertThat(provider.startsOf("b").get(0).atMillis()).isEqualTo(500);
    assertThat(provider.startsOf("a").get(1).atMillis()).isEqualTo(2010);
  }

  @Test
  void shouldCapRetryAfterAtMaxRetryAfter() {
    Dispatcher dispatcher = dispatcher(DispatchSettings.defaults());
    CompletableFuture<String> result =
        dispatcher.submit(
            "A",
            1,
            provider.request("A", "a", fail(rateLimited(Duration.ofDays(365_000_000))), succeed()));

    clock.advanceUntil(result::isDone, Duration.ofSeconds(1), Duration.ofMinutes(5));

    assertThat(provider.startsOf("a").get(1).atMillis()).isEqualTo(120_010);
  }

  @Test
  void shouldDoubleTheBackoffUpToItsCap() {
    Dispatcher dispatcher =
        dispatcher(
            new DispatchSettings(
                4,
                6,
                Duration.ofSeconds(60),
                Duration.ofMillis(500),
                Duration.ofSeconds(3),
                Duration.ofSeconds(120)));
    CompletableFuture<String> result =
        dispatcher.submit(
            "A",
            1,
            provider.request(
                "A",
                "a",
                fail(unavailable("503")),
                fail(malformed("not json")),
                fail(rateLimited(null)),
                fail(unavailable("503")),
                fail(unavailable("503")),
                succeed()));

    clock.advanceUntil(result::isDone, LATENCY, Duration.ofMinutes(1));

    List<Long> waits = new ArrayList<>();
    List<FakeProvider.Start> starts = provider.startsOf("a");
    for (int i = 1; i < starts.size(); i++) {
      waits.add(starts.get(i).atMillis() - starts.get(i - 1).atMillis() - LATENCY.toMillis());
    }
    // Jitter is pinned to its upper bound here: 500 ms, doubling, capped at 3 s.
    assertThat(waits).containsExactly(500L, 1000L, 2000L, 3000L, 3000L);
    assertThat(result).isCompletedWithValue("a");
    assertThat(dispatcher.stats().rateLimitedAnswers()).isEqualTo(1);
  }

  @Test
  void shouldNotRetryARejectedRequest() {
    Dispatcher dispatcher = dispatcher(DispatchSettings.defaults());
    CompletableFuture<String> result =
        dispatcher.submit(
            "A", 1, provider.request("A", "a", fail(rejected("400 context too long")), succeed()));

    clock.advance(Duration.ofMinutes(1));

    assertThat(provider.startsOf("a")).hasSize(1);
    assertThatThrownBy(result::join)
        .cause()
        .isInstanceOf(DispatchException.class)
        .hasMessage("rejected by the provider: 400 context too long")
        .hasCauseInstanceOf(AnalyzerException.class);
  }

  @Test
  void shouldFailAtOnceOnAnExceptionThatIsNotTheAnalyzers() {
    Dispatcher dispatcher = dispatcher(DispatchSettings.defaults());
    CompletableFuture<String> result =
        dispatcher.submit(
            "A", 1, provider.request("A", "a", fail(new IllegalStateException("bug")), succeed()));

    clock.advance(Duration.ofMinutes(1));

    assertThat(provider.startsOf("a")).hasSize(1);
    assertThatThrownBy(result::join).cause().hasMessage("bug");
  }

  @Test
  void shouldGiveUpAfterMaxAttemptsSayingWhy() {
    Dispatcher dispatcher = dispatcher(DispatchSettings.defaults());
    CompletableFuture<String> unavailable =
        dispatcher.submit("A", 1, provider.request("A", "a", fail(unavailable("503 overloaded"))));
    CompletableFuture<String> limited =
        dispatcher.submit(
            "B", 1, provider.request("B", "b", fail(rateLimited(Duration.ofSeconds(2)))));

    clock.advanceUntil(
        () -> unavailable.isDone() && limited.isDone(), LATENCY, Duration.ofMinutes(5));

    assertThat(provider.startsOf("a")).hasSize(5);
    assertThat(provider.startsOf("b")).hasSize(5);
    assertThatThrownBy(unavailable::join)
        .cause()
        .hasMessage("gave up after 5 attempts: provider unavailable: 503 overloaded");
    assertThatThrownBy(limited::join)
        .cause()
        .hasMessage(
            "gave up after 5 attempts: rate limited by the provider (429, Retry-After 2 s)");
    DispatchStats stats = dispatcher.stats();
    assertThat(stats.attempts()).isEqualTo(10);
    assertThat(stats.retries()).isEqualTo(8);
    assertThat(stats.failed()).isEqualTo(2);
  }

  @Test
  void shouldCancelAHangingAttemptAfterTheTimeoutAndRetry() {
    Dispatcher dispatcher = dispatcher(DispatchSettings.defaults());
    CompletableFuture<String> result =
        dispatcher.submit("A", 1, provider.request("A", "a", hang(), succeed()));

    clock.advance(Duration.ofMillis(59_999));
    assertThat(provider.hanging().get(0)).isNotDone();
    assertThat(dispatcher.stats().inFlight()).isEqualTo(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(provider.hanging().get(0)).isCancelled();
    assertThat(dispatcher.stats().inFlight()).isZero();
    clock.advance(Duration.ofSeconds(1));

    assertThat(result).isCompletedWithValue("a");
    assertThat(provider.startsOf("a").get(1).atMillis()).isEqualTo(60_500);
    assertThat(dispatcher.stats().timeouts()).isEqualTo(1);
  }

  @Test
  void shouldSayHowOftenItTimedOut() {
    Dispatcher dispatcher = dispatcher(DispatchSettings.defaults());
    CompletableFuture<String> result =
        dispatcher.submit("A", 1, provider.request("A", "a", hang()));

    clock.advanceUntil(result::isDone, Duration.ofSeconds(1), Duration.ofMinutes(10));

    assertThatThrownBy(result::join).cause().hasMessage("timed out 5 times after 60 s");
    assertThat(provider.hanging()).hasSize(5).allMatch(CompletableFuture::isCancelled);
  }

  @Test
  void shouldIgnoreAnAnswerThatArrivesAfterItsTimeout() {
    Dispatcher dispatcher = dispatcher(DispatchSettings.defaults());
    // An attempt whose future cannot be cancelled: its answer still comes, late.
    CompletableFuture<String> stubborn =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            return false;
          }
        };
    List<CompletableFuture<String>> attempts = new ArrayList<>(List.of(stubborn));
    CompletableFuture<String> result =
        dispatcher.submit(
            "A", 1, () -> attempts.size() == 1 ? attempts.remove(0) : new CompletableFuture<>());

    clock.advance(Duration.ofSeconds(60));
    stubborn.complete("late");
    clock.advance(Duration.ofSeconds(1));

    assertThat(result).isNotDone();
    DispatchStats stats = dispatcher.stats();
    assertThat(stats.succeeded()).isZero();
    assertThat(stats.timeouts()).isEqualTo(1);
    assertThat(stats.attempts()).isEqualTo(2);
    assertThat(stats.inFlight()).isEqualTo(1);
  }

  private Dispatcher dispatcher(DispatchSettings settings) {
    Dispatcher dispatcher =
        Dispatcher.of(settings, workspace -> RateLimit.UNLIMITED, clock, () -> 1.0);
    dispatchers.add(dispatcher);
    return dispatcher;
  }
}
