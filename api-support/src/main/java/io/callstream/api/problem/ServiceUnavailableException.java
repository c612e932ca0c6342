package io.callstream.api.problem;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request that could not be completed because something the service depends on (Kafka, say) is
 * unavailable or too slow right now: a 503 problem with a {@code Retry-After} header, so a client
 * knows the same request may succeed later. Both Spring's problem handling (inside controllers) and
 * {@link ProblemErrorHandler} (everywhere else) answer it with its status, header and detail.
 */
public final class ServiceUnavailableException extends ErrorResponseException {

  private static final long serialVersionUID = 1L;

  /**
   * @param detail what was unavailable and what the client should do, without internals
   * @param retryAfter how long the client should wait; sent as whole seconds, at least one
   * @param cause what failed, for the log; null if nothing did
   */
  public ServiceUnavailableException(
      String detail, Duration retryAfter, @Nullable Throwable cause) {
    super(HttpStatus.SERVICE_UNAVAILABLE, problem(detail), cause);
    getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(retryAfter)));
  }

  /** {@code Retry-After} as delay-seconds (RFC 9110, section 10.2.3): rounded up, at least 1. */
  public static long retryAfterSeconds(Duration retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter must not be null");
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
    }
    long seconds = retryAfter.toSeconds();
    if (retryAfter.compareTo(Duration.ofSeconds(seconds)) > 0) {
      seconds++;
    }
    return Math.max(1, seconds);
  }

  private static ProblemDetail problem(String detail) {
    Objects.requireNonNull(detail, "detail must not be null");
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
    problem.setTitle("Service Unavailable");
    return problem;
  }
}
