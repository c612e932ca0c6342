package io.callstream.flink.analyze;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether an utterance asks a question, for the conversation metrics: a question mark, or (for
 * transcripts without punctuation) an English question word or auxiliary verb up front.
 */
final class Questions {

  private static final Set<String> OPENERS =
      Set.of(
          "what", "why", "how", "when", "where", "who", "whom", "which", "whose", "can", "could",
          "would", "do", "does", "did", "is", "are", "should", "shall", "will", "have", "has");

  private static final Pattern WORD = Pattern.compile("[\\p{L}']+");

  private Questions() {}

  static boolean isQuestion(String text) {
    String trimmed = text.strip();
    if (trimmed.endsWith("?")) {
      return true;
    }
    if (trimmed.contains(".") || trimmed.contains("!")) {
      return false;
    }
    var words = WORD.matcher(trimmed.toLowerCase(Locale.ROOT));
    return words.find() && OPENERS.contains(words.group()) && words.results().count() >= 2;
  }
}
