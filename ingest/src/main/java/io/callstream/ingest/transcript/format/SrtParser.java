package io.callstream.ingest.transcript.format;

import java.util.List;
import java.util.regex.Pattern;

/**
 * SubRip ({@code application/x-subrip}): blocks separated by blank lines, each a cue number, a time
 * range {@code hh:mm:ss,ttt --> hh:mm:ss,ttt} and text lines.
 *
 * <ul>
 *   <li>The cue number may be left out (the block then opens with its time range); numbers are not
 *       checked for order, as real files are often renumbered badly. Coordinates after the range
 *       are ignored; a full stop in place of the comma is accepted.
 *   <li>The speaker is a leading {@code Name:} of the text, else {@code unknown}.
 *   <li>Formatting tags ({@code <i>}, {@code <b>}, {@code <u>}, {@code <s>}, {@code <font>}) and
 *       SSA override codes ({@code {\an8}}) are removed; other text, {@code <} included, is kept:
 *       SRT has no escaping. Text lines are joined with a space.
 *   <li>Cues without text are skipped; a file without any cue with text is an error.
 * </ul>
 */
public final class SrtParser implements TranscriptParser {

  private static final String ARROW = "-->";

  private static final Pattern CUE_NUMBER = Pattern.compile("\\s*\\d{1,18}\\s*");

  private static final CueTiming.Style TIMING =
      new CueTiming.Style(
          Pattern.compile("\\s*(\\S+?)\\s*-->\\s*(\\S+)(?:\\s.*)?"),
          Timestamps::srt,
          "hh:mm:ss,ttt");

  @Override
  public ParsedTranscript parse(byte[] content) {
    List<String> lines = TranscriptText.lines(TranscriptText.decode(content));
    TranscriptBuilder segments = new TranscriptBuilder();
    int i = 0;
    while (i < lines.size()) {
      if (lines.get(i).isBlank()) {
        i++;
      } else {
        i = readCue(lines, i, segments);
      }
    }
    return segments.inFileOrder(1, "the SRT file has no cues with text");
  }

  /** Reads the cue that starts at {@code start}; answers the index of the line after it. */
  private static int readCue(List<String> lines, int start, TranscriptBuilder segments) {
    int timing = start;
    if (!lines.get(start).contains(ARROW)) {
      if (!CUE_NUMBER.matcher(lines.get(start)).matches()) {
        throw new TranscriptFormatException(
            start + 1, "expected a cue number, found " + TranscriptText.quote(lines.get(start)));
      }
      timing = start + 1;
      if (timing >= lines.size() || !lines.get(timing).contains(ARROW)) {
        throw new TranscriptFormatException(
            timing + 1,
            "expected a time range 'hh:mm:ss,ttt --> hh:mm:ss,ttt' after cue number "
                + TranscriptText.shown(lines.get(start).strip())
                + (timing >= lines.size()
                    ? ", found the end of the file"
                    : ", found " + TranscriptText.quote(lines.get(timing))));
      }
    }
    int line = timing + 1;
    CueTiming cue =
        TIMING.read(
            lines.get(timing), line, "expected a time range 'hh:mm:ss,ttt --> hh:mm:ss,ttt'");
    long startMs = cue.startMs();
    long endMs = cue.endMs();
    int end = timing + 1;
    StringBuilder payload = new StringBuilder();
    while (end < lines.size() && !lines.get(end).isBlank()) {
      payload.append(lines.get(end)).append('\n');
      end++;
    }
    String text = CueText.srt(payload.toString());
    if (!text.isEmpty()) {
      SpeakerPrefix named =
          SpeakerPrefix.of(text)
              .filter(prefix -> !prefix.text().isEmpty())
              .orElse(new SpeakerPrefix("unknown", text));
      segments.add(line, named.speaker(), startMs, endMs, named.text());
    }
    return end;
  }
}
