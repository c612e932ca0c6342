package io.callstream.analyzer.dispatch;

import static io.callstream.analyzer.dispatch.FakeProvider.Outcome.fail;
import static io.callstream.analyzer.dispatch.FakeProvider.Outcome.hang;
import static io.callstream.analyzer.dispatch.FakeProvider.Outcome.succeed;
import static io.callstream.analyzer.dispatch.FakeProvider.Outcome.succeedAtOnce;
import static io.callstream.analyzer.dispatch.FakeProvider.Outcome.throwing;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DispatcherPropertyTest {

  private static final int MAX_ATTEMPTS = 4;
  private static final int MAX_CONCURRENCY = 8;
  private static final List<String> WORKSPACES = List.of("rpm", "tpm", "free-1", "free-2");

  private record Run(DispatchStats stats, List<String> outcomes, int maxInFlight) {}

  @ParameterizedTest
  @ValueSource(longs = {1, 42, 2026})
  void shouldCompleteEveryRequestWithinMaxAttemptsWhateverTheProviderDoes(long seed) {
    Run run = run(seed);

    DispatchStats stats = run.stats();
    assertThat(stats.succeeded() + stats.failed()).isEqualTo(stats.submitted()).isEqualTo(400);
    assertThat(stats.succeeded()).isPositive();
    assertThat(stats.failed()).isPositive();
    assertThat(stats.inFlight() + stats.queued() + stats.waitingToRetry()).isZero();
    assertThat(run.maxInFlight()).isLessThanOrEqualTo(MAX_CONCURRENCY);
    assertThat(run.outcomes())
        .allMatch(outcome -> outcome.startsWith("ok") || outcome.startsWith("failed"));
    // Same seed, same story: the dispatcher adds no randomness of its own on manual time.
    assertThat(run(seed)).isEqualTo(run);
  }

  private static Run run(long seed) {
    Random random = new Random(seed);
    ManualScheduler clock = new ManualScheduler();
    FakeProvider provider = new FakeProvider(clock, Duration.ofMillis(20));
    DispatchSettings settings =
        new DispatchSettings(
            MAX_CONCURRENCY,
            MAX_ATTEMPTS,
            Duration.ofSeconds(5),
            Duration.ofMillis(100),
            Duration.ofSeconds(2),
            Duration.ofSeconds(3),
            random.nextBoolean());
    Map<String, RateLimit> limits =
        Map.of(
            "rpm",
            RateLimit.perMinute(120, 0),
            "tpm",
            RateLimit.perMinute(0, 50_000),
            "free-1",
            RateLimit.UNLIMITED,
            "free-2",
            RateLimit.UNLIMITED);
    List<CompletableFuture<String>> results = new ArrayList<>();
    try (Dispatcher dispatcher = Dispatcher.of(settings, limits::get, clock, random::nextDouble)) {
      for (int i = 0; i < 400; i++) {
        String workspace = WORKSPACES.get(random.nextInt(WORKSPACES.size()));
        FakeProvider.Outcome[] script = new FakeProvider.Outcome[MAX_ATTEMPTS + 1];
        for (int attempt = 0; attempt < script.length; attempt++) {
          script[attempt] = randomOutcome(random);
        }
        results.add(
            dispatcher.submit(
                workspace, random.nextInt(5_000), provider.request(workspace, "r" + i, script)));
        if (random.nextInt(10) == 0) {
          clock.advance(Duration.ofMillis(random.nextInt(500)));
        }
      }
      clock.advanceUntil(
          () -> results.stream().allMatch(CompletableFuture::isDone),
          Duration.ofMillis(50),
          Duration.ofHours(2));

      for (int i = 0; i < 400; i++) {
        assertThat(provider.startsOf("r" + i)).hasSizeBetween(1, MAX_ATTEMPTS);
      }
      assertThat(dispatcher.stats().attempts()).isEqualTo(provider.starts().size());
      return new Run(
          dispatcher.stats(),
          results.stream().map(DispatcherPropertyTest::outcome).toList(),
          provider.maxInFlight());
    }
  }

  private static String outcome(CompletableFuture<String> result) {
    try {
      return "ok " + result.join();
    } catch (CompletionException failed) {
      assertThat(failed.getCause()).isInstanceOf(DispatchException.class);
      return "failed " + failed.getCause().getMessage();
    }
  }

  private static FakeProvider.Outcome randomOutcome(Random random) {
    Duration latency = Duration.ofMillis(1 + random.nextInt(200));
    int roll = random.nextInt(100);
    if (roll < 45) {
      return succeed().after(latency);
    }
    if (roll < 50) {
      return succeedAtOnce();
    }
    if (roll < 60) {
      return fail(FakeProvider.rateLimited(Duration.ofMillis(random.nextInt(3_000))))
          .after(latency);
    }
    if (roll < 65) {
      return fail(FakeProvider.rateLimited(null)).after(latency);
    }
    if (roll < 75) {
      return fail(FakeProvider.unavailable("502 bad gateway")).after(latency);
    }
    if (roll < 82) {
      return fail(FakeProvider.malformed("not json")).after(latency);
    }
    if (roll < 86) {
      return fail(FakeProvider.rejected("400 bad request")).after(latency);
    }
    if (roll < 92) {
      return hang();
    }
    if (roll < 96) {
      return throwing(new IllegalStateException("bug in attempt"));
    }
    return fail(new IllegalArgumentException("something else")).after(latency);
  }
}
