package io.callstream.analyzer.openai;

import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import io.callstream.analyzer.AnalyzerException;
import io.callstream.analyzer.AnalyzerException.Kind;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Maps what the OpenAI SDK throws to {@link AnalyzerException} kinds: 429 is {@code RATE_LIMITED}
 * with the provider's wait; 5xx, 408, 409, timeouts and I/O failures are {@code UNAVAILABLE} (the
 * same statuses the SDK itself would retry); any other 4xx is {@code REJECTED}.
 */
public final class Failures {

  private Failures() {}

  /** The {@link AnalyzerException} that {@code failure} (possibly wrapped) stands for. */
  public static AnalyzerException of(Throwable failure, Clock clock) {
    Throwable cause = unwrap(failure);
    if (cause instanceof AnalyzerException analyzer) {
      return analyzer;
    }
    if (cause instanceof OpenAIServiceException service) {
      int status = service.statusCode();
      String message = "provider answered " + status + ": " + service.getMessage();
      if (cause instanceof RateLimitException || status == 429) {
        return new AnalyzerException(
            Kind.RATE_LIMITED, message, RetryAfter.from(service.headers(), clock), cause);
      }
      if (status >= 500 || status == 408 || status == 409) {
        return new AnalyzerException(
            Kind.UNAVAILABLE, message, RetryAfter.from(service.headers(), clock), cause);
      }
      return new AnalyzerException(Kind.REJECTED, message, null, cause);
    }
    if (cause instanceof OpenAIIoException
        || cause instanceof IOException
        || cause instanceof TimeoutException) {
      return new AnalyzerException(
          Kind.UNAVAILABLE,
          "provider unreachable or timed out: " + cause.getMessage(),
          null,
          cause);
    }
    if (cause instanceof OpenAIInvalidDataException) {
      return new AnalyzerException(
          Kind.UNAVAILABLE,
          "provider answered no chat completion: " + cause.getMessage(),
          null,
          cause);
    }
    return new AnalyzerException(Kind.UNAVAILABLE, "request failed: " + cause, null, cause);
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
