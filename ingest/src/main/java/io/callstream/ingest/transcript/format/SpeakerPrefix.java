package io.callstream.ingest.transcript.format;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A line that opens with who speaks, {@code Ana Lima: Shall we start?}: the way plain-text
 * transcripts name speakers, and the way SRT and many WebVTT exports (Zoom's among them) do when
 * they have no voice tags.
 *
 * <p>A speaker is 1 to 64 characters of at most {@value #MAX_WORDS} words, without {@code :},
 * brackets or braces, and the colon is followed by whitespace or ends the line, so that {@code
 * https://...} or {@code 10:30} are not read as speakers. A sentence like {@code Note: see above}
 * still is: a plain-text transcript cannot tell the two apart.
 *
 * @param speaker who speaks, stripped
 * @param text what follows the colon, stripped; may be empty
 */
record SpeakerPrefix(String speaker, String text) {

  private static final int MAX_WORDS = 5;

  private static final Pattern PREFIX =
      Pattern.compile(
          "([^\\s:\\[\\]<>{}][^:\\[\\]<>{}\\r\\n]{0,63}?)\\s*:(?:\\s+(.*))?", Pattern.DOTALL);

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /** The speaker and text of {@code line}, or nothing if it does not open with a speaker. */
  static Optional<SpeakerPrefix> of(String line) {
    Matcher m = PREFIX.matcher(line.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    String speaker = m.group(1).strip();
    if (WHITESPACE.split(speaker).length > MAX_WORDS) {
      return Optional.empty();
    }
    String text = m.group(2) == null ? "" : m.group(2).strip();
    return Optional.of(new SpeakerPrefix(speaker, text));
  }
}
