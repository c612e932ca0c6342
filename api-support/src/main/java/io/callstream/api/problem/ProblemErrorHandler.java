package io.callstream.api.problem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The last word on errors that no controller advice answered: an unexpected exception, or one
 * raised outside a handler. Instead of Spring Boot's JSON error attributes it answers RFC 9457
 * {@code application/problem+json}, like every other error of the API. An unexpected exception
 * becomes a 500 whose detail tells nothing of the cause (that goes to the log). Thread-safe.
 */
public final class ProblemErrorHandler implements ErrorWebExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorHandler.class);

  private final ProblemResponses problems;

  public ProblemErrorHandler(ProblemResponses problems) {
    this.problems = problems;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    if (exchange.getResponse().isCommitted()) {
      return Mono.error(error);
    }
    var request = exchange.getRequest();
    ProblemDetail problem;
    if (error instanceof ErrorResponse response) {
      problem = response.getBody();
      exchange.getResponse().getHeaders().putAll(response.getHeaders());
    } else {
      problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.INTERNAL_SERVER_ERROR,
              "the request could not be completed; the error has been logged");
    }
    if (HttpStatusCode.valueOf(problem.getStatus()).is5xxServerError()) {
      LOG.error(
          "{} {} failed with {}",
          request.getMethod(),
          request.getPath().value(),
          problem.getStatus(),
          error);
    }
    return problems.write(exchange, problem);
  }
}
