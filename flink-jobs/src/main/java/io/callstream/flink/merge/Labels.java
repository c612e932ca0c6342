package io.callstream.flink.merge;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Normalized words of short texts (mindmap labels, insight texts), and when two of them say the
 * same thing: lower case, stop words out, plurals and common endings cut, then compared as sets.
 * Crude on purpose: deterministic, fast and language-model free. Thread-safe.
 */
final class Labels {

  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are",
          "as", "at", "be", "been", "before", "being", "below", "between", "both", "but", "by",
          "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for",
          "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him",
          "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "let", "me",
          "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or",
          "other", "our", "ours", "out", "over", "own", "same", "she", "should", "so", "some",
          "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
          "those", "through", "to", "too", "under", "until", "up", "us", "very", "was", "we",
          "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
          "would", "you", "your", "yours");

  private Labels() {}

  /** The normalized words of {@code text}, in order of first appearance, without repeats. */
  static Set<String> words(String text) {
    Set<String> words = new LinkedHashSet<>();
    for (String token : NON_WORD.split(text.toLowerCase(Locale.ROOT))) {
      if (token.length() < 2 && !Character.isDigit(firstChar(token))) {
        continue;
      }
      if (!STOP_WORDS.contains(token)) {
        words.add(stem(token));
      }
    }
    return words;
  }

  /**
   * The normalized form of {@code text} that stable ids are made of: its words joined by spaces, or
   * the lower-cased text itself when it has only stop words.
   */
  static String key(String text) {
    Set<String> words = words(text);
    return words.isEmpty()
        ? SPACES.matcher(text.strip().toLowerCase(Locale.ROOT)).replaceAll(" ")
        : String.join(" ", words);
  }

  /** Jaccard similarity of two word sets: shared words over all words; 0 when both are empty. */
  static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() && b.isEmpty()) {
      return 0;
    }
    int shared = 0;
    for (String word : a) {
      if (b.contains(word)) {
        shared++;
      }
    }
    return (double) shared / (a.size() + b.size() - shared);
  }

  /**
   * How alike two texts are, from 0 to 1, or -1 when they are not alike enough to merge: a Jaccard
   * similarity of at least {@code threshold}, or the words of one contained in the other's (scored
   * as {@code threshold}), or, for texts of only stop words, equal keys (scored 1).
   */
  static double similarity(
      Set<String> a, String keyA, Set<String> b, String keyB, double threshold) {
    if (a.isEmpty() || b.isEmpty()) {
      return keyA.equals(keyB) ? 1 : -1;
    }
    double jaccard = jaccard(a, b);
    if (jaccard >= threshold) {
      return jaccard;
    }
    return a.containsAll(b) || b.containsAll(a) ? threshold : -1;
  }

  /** Plural first, then "-ing" and "-ed", then a final "e": "meetings" and "meeting" agree. */
  private static String stem(String word) {
    return trimE(withoutVerbEnding(singular(word)));
  }

  private static String singular(String word) {
    int length = word.length();
    if (length > 4 && word.endsWith("ies")) {
      return word.substring(0, length - 3) + "y";
    }
    if (length > 4
        && (word.endsWith("ses")
            || word.endsWith("xes")
            || word.endsWith("ches")
            || word.endsWith("shes"))) {
      return word.substring(0, length - 2);
    }
    if (length > 3
        && word.endsWith("s")
        && !word.endsWith("ss")
        && !word.endsWith("us")
        && !word.endsWith("is")) {
      return word.substring(0, length - 1);
    }
    return word;
  }

  private static String withoutVerbEnding(String word) {
    int length = word.length();
    if (length > 5 && word.endsWith("ing")) {
      return word.substring(0, length - 3);
    }
    if (length > 4 && word.endsWith("ed")) {
      return word.substring(0, length - 2);
    }
    return word;
  }

  /** "price", "priced", "pricing" and "prices" all become "pric". */
  private static String trimE(String word) {
    return word.length() > 3 && word.endsWith("e") ? word.substring(0, word.length() - 1) : word;
  }

  private static char firstChar(String token) {
    return token.isEmpty() ? ' ' : token.charAt(0);
  }
}
