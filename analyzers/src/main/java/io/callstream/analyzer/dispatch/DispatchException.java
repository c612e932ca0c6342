package io.callstream.analyzer.dispatch;

import org.jspecify.annotations.Nullable;

/**
 * A request the dispatcher gave up on. The message is the human reason shown to users (the call is
 * marked degraded with it), for example {@code "gave up after 5 attempts: rate limited by the
 * provider (429, Retry-After 2 s)"}; the cause is the last failure, when there was one.
 */
public final class DispatchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public DispatchException(String message) {
    super(message);
  }

  public DispatchException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
