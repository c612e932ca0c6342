package io.callstream.ingest.idempotency;

import io.callstream.api.problem.ServiceUnavailableException;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Why a request with an {@code Idempotency-Key} did not run: the problem+json answers of the
 * draft's error scenarios (400, 409, 422) and the body bound (413).
 */
public final class IdempotencyKeyException extends ErrorResponseException {

  private static final long serialVersionUID = 1L;

  private IdempotencyKeyException(HttpStatus status, String title, String detail) {
    super(status, problem(status, title, detail), null);
  }

  /** 400: the header is there but is not one well-formed key. */
  static IdempotencyKeyException malformed(String detail) {
    return new IdempotencyKeyException(HttpStatus.BAD_REQUEST, "Bad Request", detail);
  }

  /** 409: the first request with the key still runs; {@code Retry-After} says when to ask again. */
  static IdempotencyKeyException inProgress(Duration retryAfter) {
    long seconds = ServiceUnavailableException.retryAfterSeconds(retryAfter);
    IdempotencyKeyException conflict =
        new IdempotencyKeyException(
            HttpStatus.CONFLICT,
            "Conflict",
            "a request with this Idempotency-Key is still being processed; retry after "
                + seconds
                + " s to get its answer");
    conflict.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    return conflict;
  }

  /** 422: the key was used for a request with another method, path, content type or body. */
  static IdempotencyKeyException reusedForAnotherRequest() {
    return new IdempotencyKeyException(
        HttpStatus.UNPROCESSABLE_CONTENT,
        "Idempotency-Key Reused",
        "this Idempotency-Key was used for a different request (another method, path, content"
            + " type or body); send a new key with a new request");
  }

  /** 409: the first request succeeded, but its answer was too large to keep for replay. */
  static IdempotencyKeyException answerNotKept(int status) {
    return new IdempotencyKeyException(
        HttpStatus.CONFLICT,
        "Conflict",
        "the request with this Idempotency-Key succeeded with status "
            + status
            + ", but its answer was larger than "
            + IdempotencySettings.PREFIX
            + "max-response-bytes and was not kept; it is not run again");
  }

  /** 413: a body larger than idempotency reads whole. */
  static IdempotencyKeyException bodyTooLarge(long maxBytes) {
    IdempotencyKeyException tooLarge =
        new IdempotencyKeyException(
            HttpStatus.CONTENT_TOO_LARGE,
            "Content Too Large",
            "a request with an Idempotency-Key may have at most "
                + maxBytes
                + " bytes of body (limit set by "
                + IdempotencySettings.PREFIX
                + "max-body-bytes)");
    tooLarge.getBody().setProperty("limit", "max-body-bytes");
    tooLarge.getBody().setProperty("setting", IdempotencySettings.PREFIX + "max-body-bytes");
    tooLarge.getBody().setProperty("maximum", maxBytes);
    return tooLarge;
  }

  private static ProblemDetail problem(HttpStatus status, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    return problem;
  }
}
