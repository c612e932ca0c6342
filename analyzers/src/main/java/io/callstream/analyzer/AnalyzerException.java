package io.callstream.analyzer;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** An analyzer request that did not produce a result, and whether trying again can help. */
public final class AnalyzerException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why a request failed. */
  public enum Kind {
    /** The provider said too many requests (HTTP 429); retry after {@link #retryAfter()}. */
    RATE_LIMITED(true),
    /** The provider failed, hung, or could not be reached (5xx, timeouts, resets). */
    UNAVAILABLE(true),
    /** The answer broke our schema, even after the one repair attempt. */
    MALFORMED_OUTPUT(true),
    /** The provider refused the request itself (4xx other than 429): retrying cannot help. */
    REJECTED(false);

    private final boolean retriable;

    Kind(boolean retriable) {
      this.retriable = retriable;
    }

    public boolean retriable() {
      return retriable;
    }
  }

  private final Kind kind;
  private final @Nullable Duration retryAfter;

  public AnalyzerException(
      Kind kind, String message, @Nullable Duration retryAfter, @Nullable Throwable cause) {
    super(message, cause);
    this.kind = Require.notNull(kind, "kind");
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  /** How long the provider asked us to wait, when it said (the {@code Retry-After} header). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
