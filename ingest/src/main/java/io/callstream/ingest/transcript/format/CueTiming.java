package io.callstream.ingest.transcript.format;

import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code start --> end} line of a subtitle cue, as WebVTT and SRT both write it, each with its
 * own line pattern and timestamp form.
 */
record CueTiming(long startMs, long endMs) {

  /** How one subtitle format writes a cue timing. */
  record Style(Pattern line, Function<String, OptionalLong> clock, String timestampShape) {

    /**
     * Reads a timing line; a malformed line, a bad timestamp or an end before the start fails with
     * the line number and what was expected.
     */
    CueTiming read(String text, int lineNumber, String expected) {
      Matcher m = line.matcher(text);
      if (!m.matches()) {
        throw new TranscriptFormatException(
            lineNumber, expected + ", found " + TranscriptText.quote(text));
      }
      long startMs = time(m.group(1), "start", lineNumber);
      long endMs = time(m.group(2), "end", lineNumber);
      if (endMs < startMs) {
        throw new TranscriptFormatException(
            lineNumber,
            "end time "
                + TranscriptText.shown(m.group(2))
                + " is before start time "
                + TranscriptText.shown(m.group(1)));
      }
      return new CueTiming(startMs, endMs);
    }

    private long time(String value, String which, int lineNumber) {
      OptionalLong millis = clock.apply(value);
      if (millis.isEmpty()) {
        throw new TranscriptFormatException(
            lineNumber,
            which
                + " time "
                + TranscriptText.shown(value)
                + " is not a timestamp ("
                + timestampShape
                + ")");
      }
      return millis.getAsLong();
    }
  }
}
