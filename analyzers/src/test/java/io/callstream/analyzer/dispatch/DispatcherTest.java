package io.callstream.analyzer.dispatch;

import static io.callstream.analyzer.dispatch.FakeProvider.Outcome.hang;
import static io.callstream.analyzer.dispatch.FakeProvider.Outcome.succeed;
import static io.callstream.analyzer.dispatch.FakeProvider.Outcome.succeedAtOnce;
import static io.callstream.analyzer.dispatch.FakeProvider.Outcome.throwing;
import static io.callstream.analyzer.dispatch.FakeProvider.unavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherTest {

  private static final Duration LATENCY = Duration.ofMillis(10);

  private final ManualScheduler clock = new ManualScheduler();
  private final FakeProvider provider = new FakeProvider(clock, LATENCY);
  private Dispatcher dispatcher = dispatcher(4);

  @AfterEach
  void closeDispatcher() {
    dispatcher.close();
  }

  @Test
  void shouldNeverRunMoreThanMaxConcurrencyAttempts() {
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String workspace = "ws-" + (i % 7);
      results.add(
          dispatcher.submit(workspace, 10, provider.request(workspace, "r" + i, succeed())));
    }

    assertThat(provider.inFlight()).isEqualTo(4);
    assertThat(dispatcher.stats().queued()).isEqualTo(96);
    clock.advanceUntil(() -> allDone(results), LATENCY, Duration.ofMinutes(1));

    assertThat(provider.maxInFlight()).isEqualTo(4);
    assertThat(results).allMatch(result -> result.isDone() && !result.isCompletedExceptionally());
    DispatchStats stats = dispatcher.stats();
    assertThat(stats.submitted()).isEqualTo(100);
    assertThat(stats.succeeded()).isEqualTo(100);
    assertThat(stats.attempts()).isEqualTo(100);
    assertThat(stats.inFlight()).isZero();
    assertThat(stats.queued()).isZero();
  }

  @Test
  void shouldServeASmallWorkspaceLongBeforeAFloodingOneIsDone() {
    List<String> completedWorkspaces = new ArrayList<>();
    List<CompletableFuture<String>> small = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      dispatcher
          .submit("A", 100, provider.request("A", "a" + i, succeed()))
          .thenRun(() -> completedWorkspaces.add("A"));
    }
    for (int i = 0; i < 10; i++) {
      small.add(dispatcher.submit("B", 100, provider.request("B", "b" + i, succeed())));
      small.get(i).thenRun(() -> completedWorkspaces.add("B"));
    }

    clock.advanceUntil(() -> allDone(small), LATENCY, Duration.ofMinutes(10));

    long aDoneWhenBDone =
        completedWorkspaces.subList(0, completedWorkspaces.lastIndexOf("B")).stream()
            .filter("A"::equals)
            .count();
    // Round-robin: B waits for at most one A per B, plus the 4 A already in flight.
    assertThat(aDoneWhenBDone).isLessThan(10 * 2 + 4);
    assertThat(dispatcher.stats().queuedByWorkspace()).containsOnlyKeys("A");
    assertThat(dispatcher.stats().queuedByWorkspace().get("A")).isGreaterThan(900);
  }

  @Test
  void shouldTakeTurnsAcrossThreeWorkspaces() {
    dispatcher = dispatcher(1);
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (String workspace : List.of("A", "B", "C")) {
      for (int i = 0; i < 5; i++) {
        results.add(
            dispatcher.submit(workspace, 1, provider.request(workspace, workspace + i, succeed())));
      }
    }

    clock.advanceUntil(() -> allDone(results), LATENCY, Duration.ofMinutes(1));

    String order =
        provider.starts().stream()
            .map(FakeProvider.Start::workspaceId)
            .collect(Collectors.joining());
    // A1 started on submit, A2 was next in A's queue when A was the only one waiting.
    assertThat(order).isEqualTo("AABCABCABCABCBC");
  }

  @Test
  void shouldCountAnExceptionThrownByTheAttemptAsAFailure() {
    CompletableFuture<String> result =
        dispatcher.submit(
            "A", 1, provider.request("A", "boom", throwing(new IllegalStateException("boom"))));
    CompletableFuture<String> nothing = dispatcher.submit("A", 1, () -> null);

    assertThat(result).isCompletedExceptionally();
    assertThatThrownBy(result::join)
        .hasCauseInstanceOf(DispatchException.class)
        .cause()
        .hasMessage("boom");
    assertThatThrownBy(nothing::join).cause().hasMessage("the attempt returned no future");
    assertThat(dispatcher.stats().failed()).isEqualTo(2);
    assertThat(dispatcher.stats().inFlight()).isZero();
  }

  @Test
  void shouldStartManyAttemptsThatCompleteBeforeTheyReturnWithoutRecursing() {
    dispatcher = dispatcher(1);
    CompletableFuture<String> blocker =
        dispatcher.submit("A", 1, provider.request("A", "b", succeed()));
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      results.add(dispatcher.submit("A", 1, provider.request("A", "r" + i, succeedAtOnce())));
    }
    assertThat(results).noneMatch(CompletableFuture::isDone);

    // One completion frees the permit: every queued attempt runs in the same drain loop.
    clock.advance(LATENCY);

    assertThat(blocker).isCompletedWithValue("b");
    assertThat(results).allMatch(result -> result.join().startsWith("r"));
    assertThat(dispatcher.stats().succeeded()).isEqualTo(20_001);
  }

  @Test
  void shouldFailEverythingStillPendingWhenClosed() {
    dispatcher = dispatcher(2);
    CompletableFuture<String> hanging =
        dispatcher.submit("A", 1, provider.request("A", "a1", hang()));
    CompletableFuture<String> retrying =
        dispatcher.submit(
            "B", 1, provider.request("B", "b1", FakeProvider.Outcome.fail(unavailable("503"))));
    clock.advance(LATENCY.multipliedBy(2));
    CompletableFuture<String> alsoHanging =
        dispatcher.submit("A", 1, provider.request("A", "a2", hang()));
    CompletableFuture<String> queued =
        dispatcher.submit("A", 1, provider.request("A", "a3", succeed()));
    DispatchStats before = dispatcher.stats();
    assertThat(before.inFlight()).isEqualTo(2);
    assertThat(before.waitingToRetry()).isEqualTo(1);
    assertThat(before.queued()).isEqualTo(1);

    dispatcher.close();

    for (CompletableFuture<String> result : List.of(hanging, retrying, alsoHanging, queued)) {
      assertThatThrownBy(result::join)
          .cause()
          .isInstanceOf(DispatchException.class)
          .hasMessage("dispatcher closed");
    }
    assertThat(provider.hanging()).allMatch(CompletableFuture::isCancelled);
    CompletableFuture<String> late =
        dispatcher.submit("A", 1, provider.request("A", "a4", succeed()));
    assertThatThrownBy(late::join).cause().hasMessage("dispatcher closed");
    int startsAtClose = provider.starts().size();
    clock.advance(Duration.ofMinutes(5));
    assertThat(provider.starts()).hasSize(startsAtClose);
    DispatchStats after = dispatcher.stats();
    assertThat(after.failed()).isEqualTo(5);
    assertThat(after.inFlight() + after.queued() + after.waitingToRetry()).isZero();
  }

  @Test
  void shouldDropARequestItsCallerCancelled() {
    dispatcher = dispatcher(1);
    CompletableFuture<String> first =
        dispatcher.submit("A", 1, provider.request("A", "a1", succeed()));
    CompletableFuture<String> cancelled =
        dispatcher.submit("A", 1, provider.request("A", "a2", succeed()));
    CompletableFuture<String> third =
        dispatcher.submit("A", 1, provider.request("A", "a3", succeed()));

    cancelled.cancel(false);
    clock.advanceUntil(() -> third.isDone(), LATENCY, Duration.ofMinutes(1));

    assertThat(first).isCompletedWithValue("a1");
    assertThat(provider.startsOf("a2")).isEmpty();
    assertThat(dispatcher.stats().failed()).isEqualTo(1);
  }

  @Test
  void shouldFailTheRequestWhenThePlanHasNoLimitForTheWorkspace() {
    dispatcher =
        Dispatcher.of(
            settings(4),
            workspace -> {
              throw new IllegalArgumentException("unknown workspace");
            },
            clock,
            () -> 1.0);

    CompletableFuture<String> result =
        dispatcher.submit("X", 1, provider.request("X", "x", succeed()));

    assertThatThrownBy(result::join)
        .cause()
        .hasMessage("no rate limit for workspace X: unknown workspace");
    assertThat(provider.starts()).isEmpty();
  }

  @Test
  void shouldRejectBadArguments() {
    assertThatThrownBy(() -> dispatcher.submit(" ", 1, () -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workspaceId must not be blank");
    assertThatThrownBy(() -> dispatcher.submit("A", -1, () -> null))
        .hasMessage("tokens must not be negative");
    assertThatThrownBy(() -> new DispatchSettings(0, 1, LATENCY, LATENCY, LATENCY, LATENCY))
        .hasMessage("maxConcurrency must be at least 1");
    assertThatThrownBy(() -> new RateLimit(-1, 0))
        .hasMessage("requestsPerMinute must not be negative");
  }

  private Dispatcher dispatcher(int maxConcurrency) {
    if (dispatcher != null) {
      dispatcher.close();
    }
    return Dispatcher.of(
        settings(maxConcurrency), workspace -> RateLimit.UNLIMITED, clock, () -> 1.0);
  }

  private static DispatchSettings settings(int maxConcurrency) {
    return DispatchSettings.defaults().withMaxConcurrency(maxConcurrency);
  }

  private static boolean allDone(List<? extends CompletableFuture<?>> results) {
    return results.stream().allMatch(CompletableFuture::isDone);
  }
}
