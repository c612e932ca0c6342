package io.callstream.ingest.transcript.format;

import java.util.List;
import java.util.regex.Pattern;

/**
 * WebVTT ({@code text/vtt}), as the W3C specification lays it out, less what a transcript has no
 * use for:
 *
 * <ul>
 *   <li>The file opens with {@code WEBVTT}, alone or followed by a space or tab and any text; the
 *       header lines after it, up to a blank line, are skipped.
 *   <li>{@code NOTE}, {@code STYLE} and {@code REGION} blocks are skipped wherever they are.
 *   <li>A cue is an optional identifier line, a timing line {@code start --> end [settings]} with
 *       times {@code hh:mm:ss.ttt} or {@code mm:ss.ttt}, and its text lines up to a blank line (or
 *       up to a line with {@code -->}, which starts the next cue).
 *   <li>The speaker comes from {@code <v Speaker>} or {@code <v.class Speaker>} voice tags; a cue
 *       with several voices becomes one segment per voice, all with the cue's times. Without voice
 *       tags a leading {@code Name:} names the speaker, else it is {@code unknown}.
 *   <li>Other tags ({@code <c>}, {@code <i>}, timestamps...) are removed and character references
 *       ({@code &amp;}, {@code &#233;}...) decoded. Cues left with no text are skipped; a file
 *       without any cue with text is an error.
 * </ul>
 */
public final class WebVttParser implements TranscriptParser {

  private static final String ARROW = "-->";

  private static final CueTiming.Style TIMING =
      new CueTiming.Style(
          Pattern.compile("[ \\t]*(\\S+)[ \\t]+-->[ \\t]+(\\S+)(?:[ \\t].*)?"),
          Timestamps::webVtt,
          "hh:mm:ss.ttt or mm:ss.ttt");

  @Override
  public ParsedTranscript parse(byte[] content) {
    List<String> lines = TranscriptText.lines(TranscriptText.decode(content));
    String header = lines.get(0);
    if (!opensBlock(header, "WEBVTT")) {
      throw new TranscriptFormatException(
          1, "expected the header WEBVTT, found " + TranscriptText.quote(header));
    }
    TranscriptBuilder segments = new TranscriptBuilder();
    int i = 1;
    // The header ends at a blank line; a cue timing right under it is forgiven.
    while (i < lines.size() && !lines.get(i).isBlank() && !lines.get(i).contains(ARROW)) {
      i++;
    }
    while (i < lines.size()) {
      String first = lines.get(i);
      if (first.isBlank()) {
        i++;
      } else if (opensBlock(first, "NOTE")
          || opensBlock(first, "STYLE")
          || opensBlock(first, "REGION")) {
        i = endOfBlock(lines, i);
      } else {
        i = readCue(lines, i, segments);
      }
    }
    return segments.inFileOrder(1, "the WebVTT file has no cues with text");
  }

  /** Reads the cue that starts at {@code start}; answers the index of the line after it. */
  private static int readCue(List<String> lines, int start, TranscriptBuilder segments) {
    int timing = lines.get(start).contains(ARROW) ? start : start + 1;
    if (timing >= lines.size() || !lines.get(timing).contains(ARROW)) {
      throw new TranscriptFormatException(
          start + 1,
          "expected a cue timing 'hh:mm:ss.ttt --> hh:mm:ss.ttt' (after an optional cue"
              + " identifier), found "
              + TranscriptText.quote(lines.get(start)));
    }
    int line = timing + 1;
    CueTiming cue =
        TIMING.read(
            lines.get(timing), line, "expected a cue timing 'hh:mm:ss.ttt --> hh:mm:ss.ttt'");
    long startMs = cue.startMs();
    long endMs = cue.endMs();
    int end = timing + 1;
    StringBuilder payload = new StringBuilder();
    while (end < lines.size() && !lines.get(end).isBlank() && !lines.get(end).contains(ARROW)) {
      payload.append(lines.get(end)).append('\n');
      end++;
    }
    for (CueText.Voice voice : CueText.webVtt(payload.toString())) {
      if (voice.speaker() != null) {
        segments.add(line, voice.speaker(), startMs, endMs, voice.text());
      } else {
        SpeakerPrefix named =
            SpeakerPrefix.of(voice.text())
                .filter(prefix -> !prefix.text().isEmpty())
                .orElse(new SpeakerPrefix("unknown", voice.text()));
        segments.add(line, named.speaker(), startMs, endMs, named.text());
      }
    }
    return end;
  }

  /** Whether {@code line} is {@code keyword} alone or followed by a space or tab. */
  private static boolean opensBlock(String line, String keyword) {
    return line.startsWith(keyword)
        && (line.length() == keyword.length()
            || line.charAt(keyword.length()) == ' '
            || line.charAt(keyword.length()) == '\t');
  }

  /** The index of the first blank line at or after {@code start}, or the end. */
  private static int endOfBlock(List<String> lines, int start) {
    int i = start;
    while (i < lines.size() && !lines.get(i).isBlank()) {
      i++;
    }
    return i;
  }
}
