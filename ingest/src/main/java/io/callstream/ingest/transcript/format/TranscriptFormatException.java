package io.callstream.ingest.transcript.format;

/**
 * A transcript file that does not follow its format. The message names the line and what was
 * expected there, for example {@code line 42: end time 00:01:0x is not a timestamp}; for JSON it
 * also names the field ({@code segments[3].endMs}).
 */
public final class TranscriptFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int line;

  /**
   * @param line 1-based line of the file where the problem is
   * @param problem what is wrong there, without the line
   */
  public TranscriptFormatException(int line, String problem) {
    super("line " + line + ": " + problem);
    if (line < 1) {
      throw new IllegalArgumentException("line must be at least 1, was " + line);
    }
    this.line = line;
  }

  /** The 1-based line of the file where the problem is. */
  public int line() {
    return line;
  }
}
