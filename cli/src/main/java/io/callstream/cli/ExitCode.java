package io.callstream.cli;

/**
 * The exit codes of every {@code callstream} command, one place so that help, README and code
 * agree. Scripts may rely on them.
 */
public final class ExitCode {

  /** Done; for {@code watch}, the call's analysis ended {@code COMPLETED}. */
  public static final int OK = 0;

  /** The API refused the request (the problem's title and detail are on stderr). */
  public static final int API_ERROR = 1;

  /** Bad usage: an unknown option, a missing argument, a missing key or workspace. */
  public static final int USAGE = 2;

  /** The query API or ingest cannot be reached: callstream is not up at that URL. */
  public static final int UNREACHABLE = 3;

  /** {@code watch}: the analysis ended {@code DEGRADED} (results, but some parts failed). */
  public static final int DEGRADED = 4;

  /** {@code watch}: the analysis ended {@code FAILED} (no results; the reason is printed). */
  public static final int FAILED = 5;

  /** {@code watch}: the analysis ended {@code EMPTY} (nothing to analyze, such as no speech). */
  public static final int EMPTY = 6;

  /** The lines of {@code callstream --help} that list them. */
  static final String[] HELP = {
    "0:ok (watch: the analysis ended COMPLETED)",
    "1:the API refused the request (problem title and detail on stderr)",
    "2:bad usage (unknown option, missing argument, key or workspace)",
    "3:callstream is not reachable at the URL (is it up? callstream up)",
    "4:watch: the analysis ended DEGRADED",
    "5:watch: the analysis ended FAILED",
    "6:watch: the analysis ended EMPTY (nothing to analyze)"
  };

  private ExitCode() {}
}
