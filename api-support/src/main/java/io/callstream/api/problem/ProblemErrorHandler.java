package io.callstream.api.problem;

import io.r2dbc.spi.R2dbcException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The last word on errors that no controller advice answered: an unexpected exception, or one
 * raised outside a handler. Instead of Spring Boot's JSON error attributes it answers RFC 9457
 * {@code application/problem+json}, like every other error of the API. An unexpected exception
 * becomes a 500 whose detail tells nothing of the cause (that goes to the log).
 *
 * <p>A value the database refuses as data (SQLSTATE class 22: a NUL character in text, a number out
 * of range) came from the client: a 400, not a 500.
 *
 * <p>A failure that is over by itself once a dependency comes back is a 503 with {@code
 * Retry-After}, never a 500: a retriable Kafka error (its {@code TimeoutException} when a broker is
 * gone, {@code NotEnoughReplicasException}, ...) or a timeout anywhere in the cause chain. Services
 * that know more raise {@link ServiceUnavailableException} themselves, with a detail of their own.
 * Thread-safe.
 */
public final class ProblemErrorHandler implements ErrorWebExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorHandler.class);

  /** SQLSTATE class 22, data exception. */
  private static final String DATA_EXCEPTION = "22";

  private final ProblemResponses problems;
  private final Duration retryAfter;

  /**
   * @param problems writes the answer
   * @param retryAfter what a 503 for a transient failure tells the client to wait
   */
  public ProblemErrorHandler(ProblemResponses problems, Duration retryAfter) {
    this.problems = Objects.requireNonNull(problems, "problems must not be null");
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter must not be null");
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    if (exchange.getResponse().isCommitted()) {
      return Mono.error(error);
    }
    var request = exchange.getRequest();
    Throwable answered = error;
    if (!(error instanceof ErrorResponse) && isTransient(error)) {
      answered =
          new ServiceUnavailableException(
              "a service this request needs is unavailable or too slow right now; retry later",
              retryAfter,
              error);
    } else if (!(error instanceof ErrorResponse) && isBadValue(error)) {
      answered =
          new ErrorResponseException(
              HttpStatus.BAD_REQUEST,
              ProblemDetail.forStatusAndDetail(
                  HttpStatus.BAD_REQUEST,
                  "a value in the request cannot be stored (a NUL character, a number out of"
                      + " range, text that is not valid); correct it and retry"),
              error);
    }
    ProblemDetail problem;
    if (answered instanceof ErrorResponse response) {
      problem = response.getBody();
      exchange.getResponse().getHeaders().putAll(response.getHeaders());
    } else {
      problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.INTERNAL_SERVER_ERROR,
              "the request could not be completed; the error has been logged");
    }
    if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
      // Expected while a dependency is down, and then for every request: no stack trace each time.
      LOG.warn(
          "{} {} answered 503: {}",
          request.getMethod(),
          request.getPath().value(),
          String.valueOf(error.getCause() == null ? error : error.getCause()));
    } else if (HttpStatusCode.valueOf(problem.getStatus()).is5xxServerError()) {
      LOG.error(
          "{} {} failed with {}",
          request.getMethod(),
          request.getPath().value(),
          problem.getStatus(),
          error);
    }
    return problems.write(exchange, problem);
  }

  /**
   * Whether the database refused a value as data (SQLSTATE class 22: a NUL in text, a number out of
   * range, an invalid text representation): the client sent it, so it is the client's error. The
   * detail does not repeat the database's message, which may quote stored data.
   */
  static boolean isBadValue(Throwable error) {
    int depth = 0;
    for (Throwable cause = error; cause != null && depth < 16; cause = cause.getCause(), depth++) {
      if (cause instanceof R2dbcException database
          && database.getSqlState() != null
          && database.getSqlState().startsWith(DATA_EXCEPTION)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code error}, or what caused it, goes away once a dependency is back. */
  static boolean isTransient(Throwable error) {
    int depth = 0;
    for (Throwable cause = error; cause != null && depth < 16; cause = cause.getCause(), depth++) {
      if (cause instanceof RetriableException || cause instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }
}
