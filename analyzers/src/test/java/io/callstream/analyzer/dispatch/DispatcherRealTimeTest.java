package io.callstream.analyzer.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.analyzer.AnalyzerException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The production wiring: real timer threads, attempts answered on another executor. */
class DispatcherRealTimeTest {

  @Test
  void shouldCompleteConcurrentSubmissionsWithinTheConcurrencyBound() throws Exception {
    DispatchSettings settings =
        new DispatchSettings(
            4,
            3,
            Duration.ofSeconds(10),
            Duration.ofMillis(5),
            Duration.ofMillis(20),
            Duration.ofMillis(20));
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    ExecutorService provider = Executors.newFixedThreadPool(3);
    ExecutorService submitters = Executors.newFixedThreadPool(3);
    Queue<CompletableFuture<Integer>> results = new ConcurrentLinkedQueue<>();
    try (Dispatcher dispatcher = Dispatcher.of(settings, workspace -> RateLimit.UNLIMITED)) {
      List<CompletableFuture<Void>> submitting =
          IntStream.range(0, 3)
              .mapToObj(
                  submitter ->
                      CompletableFuture.runAsync(
                          () -> {
                            for (int i = 0; i < 100; i++) {
                              int request = submitter * 100 + i;
                              AtomicInteger attempts = new AtomicInteger();
                              results.add(
                                  dispatcher.submit(
                                      "ws-" + (request % 5),
                                      10,
                                      () -> {
                                        maxInFlight.accumulateAndGet(
                                            inFlight.incrementAndGet(), Math::max);
                                        boolean fails =
                                            request % 10 == 0 && attempts.incrementAndGet() == 1;
                                        return CompletableFuture.supplyAsync(
                                            () -> {
                                              inFlight.decrementAndGet();
                                              if (fails) {
                                                throw new AnalyzerException(
                                                    AnalyzerException.Kind.UNAVAILABLE,
                                                    "503",
                                                    Duration.ofMillis(1),
                                                    null);
                                              }
                                              return request;
                                            },
                                            CompletableFuture.delayedExecutor(
                                                1, TimeUnit.MILLISECONDS, provider));
                                      }));
                            }
                          },
                          submitters))
              .toList();
      CompletableFuture.allOf(submitting.toArray(CompletableFuture[]::new))
          .get(30, TimeUnit.SECONDS);
      // Hang guard only: the work takes well under a second.
      CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

      assertThat(results).hasSize(300).allMatch(result -> result.join() >= 0);
      assertThat(maxInFlight.get()).isBetween(1, 4);
      DispatchStats stats = dispatcher.stats();
      assertThat(stats.succeeded()).isEqualTo(300);
      assertThat(stats.retries()).isEqualTo(30);
    } finally {
      provider.shutdownNow();
      submitters.shutdownNow();
    }
  }
}
