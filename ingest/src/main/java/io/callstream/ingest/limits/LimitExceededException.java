package io.callstream.ingest.limits;

import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request beyond one of the {@link IngestLimits}: a 413 (too many bytes) or 422 (too much of
 * something inside) problem whose detail says what was too much, with the members {@code limit}
 * (its name), {@code setting} (the property that sets it) and {@code maximum} (its value), so a
 * client, or an operator raising it, need not guess.
 */
public final class LimitExceededException extends ErrorResponseException {

  private static final long serialVersionUID = 1L;

  private LimitExceededException(HttpStatus status, String detail, String limit, Object maximum) {
    super(status, problem(status, detail, limit, maximum), null);
  }

  /** A 413 Content Too Large for the limit named {@code limit} (the end of its setting name). */
  public static LimitExceededException tooLarge(String detail, String limit, Object maximum) {
    return new LimitExceededException(HttpStatus.CONTENT_TOO_LARGE, detail, limit, maximum);
  }

  /** A 422 Unprocessable Content for the limit named {@code limit}. */
  public static LimitExceededException unprocessable(String detail, String limit, Object maximum) {
    return new LimitExceededException(HttpStatus.UNPROCESSABLE_CONTENT, detail, limit, maximum);
  }

  private static ProblemDetail problem(
      HttpStatus status, String detail, String limit, Object maximum) {
    Objects.requireNonNull(detail, "detail must not be null");
    Objects.requireNonNull(limit, "limit must not be null");
    Objects.requireNonNull(maximum, "maximum must not be null");
    String setting = IngestLimits.PREFIX + limit;
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(status, detail + " (limit set by " + setting + ")");
    problem.setTitle(
        status == HttpStatus.CONTENT_TOO_LARGE ? "Content Too Large" : "Limit Exceeded");
    problem.setProperty("limit", limit);
    problem.setProperty("setting", setting);
    problem.setProperty("maximum", maximum);
    return problem;
  }
}
