package io.callstream.analyzer.dispatch;

import io.callstream.analyzer.AnalyzerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A provider on {@link ManualScheduler} time: every attempt answers after a latency with a scripted
 * outcome, and the provider records when each attempt started and how many ran at once.
 */
final class FakeProvider {

  /** What one attempt does. */
  record Outcome(Kind kind, @Nullable RuntimeException error, @Nullable Duration latency) {

    enum Kind {
      SUCCEED,
      SUCCEED_AT_ONCE,
      FAIL,
      HANG,
      THROW
    }

    static Outcome succeed() {
      return new Outcome(Kind.SUCCEED, null, null);
    }

    static Outcome succeedAtOnce() {
      return new Outcome(Kind.SUCCEED_AT_ONCE, null, null);
    }

    static Outcome fail(RuntimeException error) {
      return new Outcome(Kind.FAIL, error, null);
    }

    static Outcome hang() {
      return new Outcome(Kind.HANG, null, null);
    }

    static Outcome throwing(RuntimeException error) {
      return new Outcome(Kind.THROW, error, null);
    }

    Outcome after(Duration latency) {
      return new Outcome(kind, error, latency);
    }
  }

  /** One attempt as the provider saw it. */
  record Start(String workspaceId, String requestId, int attempt, long atMillis) {}

  private final ManualScheduler clock;
  private final Duration latency;
  private final List<Start> starts = new ArrayList<>();
  private final List<CompletableFuture<String>> hanging = new ArrayList<>();
  private int inFlight;
  private int maxInFlight;

  FakeProvider(ManualScheduler clock, Duration latency) {
    this.clock = clock;
    this.latency = latency;
  }

  static AnalyzerException rateLimited(@Nullable Duration retryAfter) {
    return new AnalyzerException(
        AnalyzerException.Kind.RATE_LIMITED, "429 too many requests", retryAfter, null);
  }

  static AnalyzerException unavailable(String message) {
    return new AnalyzerException(AnalyzerException.Kind.UNAVAILABLE, message, null, null);
  }

  static AnalyzerException malformed(String message) {
    return new AnalyzerException(AnalyzerException.Kind.MALFORMED_OUTPUT, message, null, null);
  }

  static AnalyzerException rejected(String message) {
    return new AnalyzerException(AnalyzerException.Kind.REJECTED, message, null, null);
  }

  /** A request whose n-th attempt does {@code script[n - 1]}; the last outcome repeats. */
  Supplier<CompletableFuture<String>> request(
      String workspaceId, String requestId, Outcome... script) {
    int[] attempts = {0};
    return () -> {
      int attempt = ++attempts[0];
      Outcome outcome = script[Math.min(attempt, script.length) - 1];
      starts.add(new Start(workspaceId, requestId, attempt, clock.millis()));
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      CompletableFuture<String> answer = new CompletableFuture<>();
      // The dispatcher cancels what timed out or was abandoned on close.
      answer.whenComplete(
          (value, error) -> {
            if (answer.isCancelled()) {
              inFlight--;
            }
          });
      switch (outcome.kind()) {
        case THROW -> {
          inFlight--;
          throw outcome.error();
        }
        case SUCCEED_AT_ONCE -> {
          inFlight--;
          answer.complete(requestId);
        }
        case HANG -> hanging.add(answer);
        case SUCCEED, FAIL -> {
          Duration after = outcome.latency() == null ? latency : outcome.latency();
          clock.schedule(
              () -> {
                if (answer.isDone()) {
                  return;
                }
                inFlight--;
                if (outcome.kind() == Outcome.Kind.SUCCEED) {
                  answer.complete(requestId);
                } else {
                  answer.completeExceptionally(outcome.error());
                }
              },
              after.toNanos());
        }
      }
      return answer;
    };
  }

  List<Start> starts() {
    return starts;
  }

  List<Start> startsOf(String requestId) {
    return starts.stream().filter(start -> start.requestId().equals(requestId)).toList();
  }

  long startsOfWorkspace(String workspaceId) {
    return starts.stream().filter(start -> start.workspaceId().equals(workspaceId)).count();
  }

  List<CompletableFuture<String>> hanging() {
    return hanging;
  }

  int inFlight() {
    return inFlight;
  }

  int maxInFlight() {
    return maxInFlight;
  }
}
