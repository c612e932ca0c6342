package io.callstream.standalone;

/**
 * Start-up cannot go on. The message is one line that says what is wrong and how to fix it; it is
 * printed instead of a stack trace.
 */
public final class StartupException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
