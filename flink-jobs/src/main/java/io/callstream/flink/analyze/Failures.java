package io.callstream.flink.analyze;

import java.util.concurrent.CompletionException;

/** The words a failure is reported in: shown to users as the reason a call is degraded. */
public final class Failures {

  private Failures() {}

  /** The message of the real cause, without the future's wrapping. */
  public static String reason(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }
}
