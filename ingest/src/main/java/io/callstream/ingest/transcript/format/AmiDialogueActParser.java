package io.callstream.ingest.transcript.format;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * AMI corpus dialogue acts ({@code .da}, {@code text/tab-separated-values}): one act per line, nine
 * tab-separated columns {@code id, start_s, end_s, speaker_letter, role, act_type,
 * in_extractive_summary, n_summary_links, text}.
 *
 * <ul>
 *   <li>Times are seconds with a decimal fraction, rounded to milliseconds.
 *   <li>The speaker is the role with the letter, {@code PM (B)}; either alone if the other is
 *       empty.
 *   <li>The text is kept as it is, corpus markup such as {@code {vocalsound}} included: some acts
 *       are nothing else, and they are part of the meeting's turn-taking. A tab inside the text
 *       stays in the text.
 *   <li>Acts are not strictly in time order (overlapping speech): segments keep the file's order
 *       but are numbered by start time, ties in file order, so consumers that order by sequence get
 *       time order.
 *   <li>Blank lines are skipped.
 * </ul>
 */
public final class AmiDialogueActParser implements TranscriptParser {

  private static final int COLUMNS = 9;

  /** Seconds as the corpus writes them; bounded so that no value can overflow. */
  private static final Pattern SECONDS = Pattern.compile("-?\\d{1,9}(?:\\.\\d{1,9})?");

  @Override
  public ParsedTranscript parse(byte[] content) {
    List<String> lines = TranscriptText.lines(TranscriptText.decode(content));
    TranscriptBuilder segments = new TranscriptBuilder();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      int line = i + 1;
      String[] columns = lines.get(i).split("\t", COLUMNS);
      if (columns.length < COLUMNS) {
        throw new TranscriptFormatException(
            line,
            "expected "
                + COLUMNS
                + " tab-separated columns (id, start_s, end_s, speaker_letter, role, act_type,"
                + " in_extractive_summary, n_summary_links, text), found "
                + columns.length);
      }
      long start = millis(columns[1], "start", line);
      long end = millis(columns[2], "end", line);
      if (end < start) {
        throw new TranscriptFormatException(
            line, "end time " + columns[2].strip() + " is before start time " + columns[1].strip());
      }
      String letter = columns[3].strip();
      String role = columns[4].strip();
      if (letter.isEmpty() && role.isEmpty()) {
        throw new TranscriptFormatException(line, "speaker_letter and role are both empty");
      }
      String speaker =
          role.isEmpty() ? letter : letter.isEmpty() ? role : role + " (" + letter + ")";
      if (columns[8].isBlank()) {
        throw new TranscriptFormatException(line, "the dialogue act has no text");
      }
      segments.add(line, speaker, start, end, columns[8]);
    }
    return segments.sequencedByStart(1, "the file has no dialogue acts");
  }

  private static long millis(String value, String which, int line) {
    String seconds = value.strip();
    if (!SECONDS.matcher(seconds).matches()) {
      throw new TranscriptFormatException(
          line, which + " time " + TranscriptText.shown(value) + " is not a number of seconds");
    }
    if (seconds.startsWith("-")) {
      throw new TranscriptFormatException(line, which + " time " + seconds + " is negative");
    }
    return new BigDecimal(seconds).movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValue();
  }
}
