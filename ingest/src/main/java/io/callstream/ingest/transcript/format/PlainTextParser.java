package io.callstream.ingest.transcript.format;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Plain text ({@code text/plain}): one turn per {@code Speaker: text} line, optionally opened by
 * the time it starts, {@code [hh:mm:ss]} or {@code [mm:ss]}.
 *
 * <ul>
 *   <li>A line without a speaker continues the turn before it (a wrapped paragraph); the first turn
 *       must name its speaker, and so must a line that opens with a time. Blank lines are skipped.
 *       What counts as a speaker is said at {@link SpeakerPrefix}.
 *   <li>Stated times must not go back: a time before an earlier one is an error.
 *   <li>A turn without a time starts where the turn before it ends (the first at 0). Every turn
 *       lasts as long as its words take at 150 words per minute, but never past the next stated
 *       time, so stated times always win over estimates.
 * </ul>
 */
public final class PlainTextParser implements TranscriptParser {

  /** An opening {@code [...]} that looks like an attempt at a time, so a typo is not text. */
  private static final Pattern TIME_PREFIX = Pattern.compile("\\[([-+0-9:.,\\s]*)\\]\\s*(.*)");

  private static final class Turn {
    final int line;
    final @Nullable String time;
    final long statedMs;
    final String speaker;
    final StringBuilder text;

    Turn(int line, @Nullable String time, long statedMs, String speaker, String text) {
      this.line = line;
      this.time = time;
      this.statedMs = statedMs;
      this.speaker = speaker;
      this.text = new StringBuilder(text);
    }
  }

  @Override
  public ParsedTranscript parse(byte[] content) {
    List<String> lines = TranscriptText.lines(TranscriptText.decode(content));
    List<Turn> turns = new ArrayList<>();
    @Nullable Turn lastTimed = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      int number = i + 1;
      Matcher timed = TIME_PREFIX.matcher(line);
      @Nullable String time = null;
      long statedMs = -1;
      String rest = line;
      if (timed.matches()) {
        time = timed.group(1).strip();
        statedMs = stated(time, number);
        if (lastTimed != null && statedMs < lastTimed.statedMs) {
          throw new TranscriptFormatException(
              number,
              "time ["
                  + time
                  + "] is before the time ["
                  + lastTimed.time
                  + "] of line "
                  + lastTimed.line);
        }
        rest = timed.group(2);
      }
      @Nullable SpeakerPrefix turn = SpeakerPrefix.of(rest).orElse(null);
      if (turn != null) {
        turns.add(new Turn(number, time, statedMs, turn.speaker(), turn.text()));
        if (time != null) {
          lastTimed = turns.get(turns.size() - 1);
        }
      } else if (time != null || turns.isEmpty()) {
        throw new TranscriptFormatException(
            number,
            "expected 'Speaker: text'"
                + (time == null
                    ? " (optionally after [hh:mm:ss])"
                    : " after [" + TranscriptText.shown(time) + "]")
                + ", found "
                + TranscriptText.quote(line));
      } else {
        StringBuilder text = turns.get(turns.size() - 1).text;
        text.append(text.length() == 0 ? "" : " ").append(rest);
      }
    }
    return timed(turns);
  }

  private static ParsedTranscript timed(List<Turn> turns) {
    // the next stated time after each turn, to keep estimates from running past it
    long[] nextStated = new long[turns.size()];
    long next = Long.MAX_VALUE;
    for (int i = turns.size() - 1; i >= 0; i--) {
      nextStated[i] = next;
      if (turns.get(i).time != null) {
        next = turns.get(i).statedMs;
      }
    }
    TranscriptBuilder segments = new TranscriptBuilder();
    long previousEnd = 0;
    for (int i = 0; i < turns.size(); i++) {
      Turn turn = turns.get(i);
      String text = turn.text.toString();
      if (text.isBlank()) {
        throw new TranscriptFormatException(
            turn.line, "the turn of " + turn.speaker + " has no text");
      }
      long start = turn.time != null ? turn.statedMs : previousEnd;
      long end = Math.max(start, Math.min(start + SpeechTiming.durationMs(text), nextStated[i]));
      segments.add(turn.line, turn.speaker, start, end, text);
      previousEnd = end;
    }
    return segments.inFileOrder(1, "the transcript has no turns");
  }

  private static long stated(String time, int line) {
    OptionalLong millis = Timestamps.clock(time);
    if (millis.isEmpty()) {
      throw new TranscriptFormatException(
          line,
          "time [" + TranscriptText.shown(time) + "] is not a timestamp ([hh:mm:ss] or [mm:ss])");
    }
    return millis.getAsLong();
  }
}
