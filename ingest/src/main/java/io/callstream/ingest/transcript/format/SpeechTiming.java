package io.callstream.ingest.transcript.format;

/**
 * Times for turns that come without any: each turn lasts as long as its words take at a steady
 * {@value #WORDS_PER_MINUTE} words per minute (400 ms a word, at least one word), a common figure
 * for conversational English. Good enough to order turns, chunk a call and show rough times; not a
 * claim about when anyone spoke.
 */
final class SpeechTiming {

  /** The assumed speaking rate. */
  static final int WORDS_PER_MINUTE = 150;

  private static final long MILLIS_PER_WORD = 60_000L / WORDS_PER_MINUTE;

  private SpeechTiming() {}

  /** How long saying {@code text} takes at the assumed rate. */
  static long durationMs(String text) {
    return Math.max(1, words(text)) * MILLIS_PER_WORD;
  }

  private static int words(String text) {
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        words++;
      }
      inWord = !space;
    }
    return words;
  }
}
