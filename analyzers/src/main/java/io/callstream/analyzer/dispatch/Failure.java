package io.callstream.analyzer.dispatch;

import io.callstream.analyzer.AnalyzerException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * One failed attempt, read once: whether to retry, how long the provider asked us to wait, and the
 * human reason that ends up in a {@link DispatchException}.
 */
record Failure(
    String reason,
    boolean retriable,
    boolean rateLimited,
    boolean timedOut,
    @Nullable Duration retryAfter,
    @Nullable Throwable cause) {

  static Failure timeout(Duration attemptTimeout) {
    return new Failure(
        "timed out after " + describe(attemptTimeout), true, false, true, null, null);
  }

  static Failure of(Throwable thrown) {
    Throwable error = unwrap(thrown);
    if (error instanceof AnalyzerException analyzer) {
      return ofAnalyzer(analyzer);
    }
    String message = error.getMessage();
    return new Failure(
        message == null || message.isBlank() ? error.getClass().getSimpleName() : message,
        false,
        false,
        false,
        null,
        error);
  }

  private static Failure ofAnalyzer(AnalyzerException error) {
    @Nullable Duration retryAfter =
        error.retryAfter().filter(wait -> !wait.isNegative() && !wait.isZero()).orElse(null);
    String reason =
        switch (error.kind()) {
          case RATE_LIMITED ->
              "rate limited by the provider (429"
                  + (retryAfter == null ? "" : ", Retry-After " + describe(retryAfter))
                  + ")";
          case UNAVAILABLE -> "provider unavailable: " + error.getMessage();
          case MALFORMED_OUTPUT -> "malformed output: " + error.getMessage();
          case REJECTED -> "rejected by the provider: " + error.getMessage();
        };
    return new Failure(
        reason,
        error.kind().retriable(),
        error.kind() == AnalyzerException.Kind.RATE_LIMITED,
        false,
        retryAfter,
        error);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** {@code 500 ms}, {@code 2 s}, {@code 1.5 s}: how durations read in messages. */
  static String describe(Duration duration) {
    if (duration.getSeconds() < 1) {
      return duration.toMillis() + " ms";
    }
    long tenths = duration.getNano() / 100_000_000;
    return duration.getSeconds() + (tenths == 0 ? "" : "." + tenths) + " s";
  }
}
