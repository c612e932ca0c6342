package io.callstream.cli;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A failure a command reports to the user as one line on stderr and an {@link ExitCode}, rather
 * than as a stack trace.
 */
public final class CliException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  private CliException(int exitCode, String message, @Nullable Throwable cause) {
    super(Objects.requireNonNull(message, "message must not be null"), cause);
    this.exitCode = exitCode;
  }

  /** The API answered with an error. */
  public static CliException api(String message) {
    return new CliException(ExitCode.API_ERROR, message, null);
  }

  /** The command was used wrongly. */
  public static CliException usage(String message) {
    return new CliException(ExitCode.USAGE, message, null);
  }

  /** A service could not be reached. */
  public static CliException unreachable(String message, Throwable cause) {
    return new CliException(ExitCode.UNREACHABLE, message, cause);
  }

  /** The exit code the process ends with. */
  public int exitCode() {
    return exitCode;
  }
}
