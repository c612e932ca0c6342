package io.callstream.analyzer.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The phrases that say what a topic is about: runs of one to three content words (no stop word, no
 * filler, no punctuation inside), scored by TF-IDF where the documents are the lines read, so a
 * phrase that recurs in the topic but not everywhere ranks first. Multi-word phrases get a bonus
 * and must occur twice. Chosen phrases share no word (plurals folded). Thread-safe (stateless).
 */
final class KeyPhrases {

  /** A phrase as first written, and the lines (indices into the topic's lines) it occurs in. */
  record Phrase(String text, Set<Integer> lines) {}

  private static final int MAX_WORDS = 3;
  private static final double LENGTH_BONUS = 0.5;
  private static final Pattern CLAUSE = Pattern.compile("[.,!?;:()\"—–]+|\\s-\\s");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’-][\\p{L}\\p{N}]+)*");

  private KeyPhrases() {}

  /**
   * Up to {@code max} key phrases of the topic's lines, best first.
   *
   * @param topic texts of the topic's lines
   * @param corpus texts of every line read (the topic's included), for document frequencies
   */
  static List<Phrase> of(List<String> topic, List<String> corpus, int max) {
    Map<String, Candidate> candidates = new HashMap<>();
    for (int line = 0; line < topic.size(); line++) {
      for (Gram gram : grams(topic.get(line))) {
        candidates
            .computeIfAbsent(gram.key(), key -> new Candidate(gram.surface()))
            .add(line, gram);
      }
    }
    Map<String, Integer> documentFrequency = new HashMap<>();
    for (String text : corpus) {
      Set<String> keys = new HashSet<>();
      for (Gram gram : grams(text)) {
        keys.add(gram.key());
      }
      keys.forEach(key -> documentFrequency.merge(key, 1, Integer::sum));
    }
    boolean anyRepeated = candidates.values().stream().anyMatch(c -> c.count >= 2);
    List<Map.Entry<String, Candidate>> ranked = new ArrayList<>();
    for (Map.Entry<String, Candidate> entry : candidates.entrySet()) {
      int words = entry.getKey().split(" ").length;
      int count = entry.getValue().count;
      if ((words > 1 || anyRepeated) && count < 2) {
        continue;
      }
      double idf =
          Math.log((corpus.size() + 1.0) / (documentFrequency.getOrDefault(entry.getKey(), 0) + 1))
              + 1;
      entry.getValue().score = count * idf * (1 + LENGTH_BONUS * (words - 1));
      ranked.add(entry);
    }
    ranked.sort(
        Comparator.comparingDouble((Map.Entry<String, Candidate> e) -> -e.getValue().score)
            .thenComparing(Map.Entry::getKey));
    List<Phrase> chosen = new ArrayList<>();
    Set<String> usedWords = new HashSet<>();
    for (Map.Entry<String, Candidate> entry : ranked) {
      if (chosen.size() == max) {
        break;
      }
      Map.Entry<String, Candidate> pick = widen(entry, ranked);
      List<String> words = Arrays.stream(pick.getKey().split(" ")).map(KeyPhrases::stem).toList();
      if (words.stream().noneMatch(usedWords::contains)) {
        usedWords.addAll(words);
        Candidate candidate = pick.getValue();
        String text = candidate.lowerCaseSeen ? pick.getKey() : candidate.surface;
        chosen.add(new Phrase(text, Set.copyOf(candidate.lines)));
      }
    }
    return chosen;
  }

  /**
   * A single word that is mostly said as part of a longer phrase ("remote" in "remote control")
   * gives way to the commonest such phrase, the shorter on a tie.
   */
  private static Map.Entry<String, Candidate> widen(
      Map.Entry<String, Candidate> entry, List<Map.Entry<String, Candidate>> ranked) {
    if (entry.getKey().contains(" ")) {
      return entry;
    }
    String word = entry.getKey();
    Map.Entry<String, Candidate> best = entry;
    for (Map.Entry<String, Candidate> longer : ranked) {
      String[] words = longer.getKey().split(" ");
      int count = longer.getValue().count;
      boolean better =
          best == entry
              ? count * 2 >= entry.getValue().count
              : count > best.getValue().count
                  || count == best.getValue().count
                      && words.length < best.getKey().split(" ").length;
      if (words.length > 1 && List.of(words).contains(word) && better) {
        best = longer;
      }
    }
    return best;
  }

  /** Crude plural folding, enough that "control" and "controls" count as one word. */
  private static String stem(String word) {
    if (word.length() > 4 && word.endsWith("ies")) {
      return word.substring(0, word.length() - 3) + "y";
    }
    if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")) {
      return word.substring(0, word.length() - 1);
    }
    return word;
  }

  /** Every run of one to three content words in the text, clause by clause. */
  private static List<Gram> grams(String text) {
    List<Gram> grams = new ArrayList<>();
    for (String clause : CLAUSE.split(text)) {
      List<String> run = new ArrayList<>();
      Matcher matcher = WORD.matcher(clause);
      while (matcher.find()) {
        String word = matcher.group().replace('’', '\'');
        if (Words.isContent(word.toLowerCase(Locale.ROOT))) {
          run.add(word);
        } else {
          addRun(run, grams);
          run.clear();
        }
      }
      addRun(run, grams);
    }
    return grams;
  }

  private static void addRun(List<String> run, List<Gram> grams) {
    for (int from = 0; from < run.size(); from++) {
      for (int to = from + 1; to <= Math.min(run.size(), from + MAX_WORDS); to++) {
        String surface = String.join(" ", run.subList(from, to));
        grams.add(new Gram(surface.toLowerCase(Locale.ROOT), surface));
      }
    }
  }

  private record Gram(String key, String surface) {}

  /**
   * Mutable tally of one candidate while scoring. A phrase ever written in lower case is shown in
   * lower case; one always capitalized ("Welsh Government") keeps its capitals.
   */
  private static final class Candidate {
    final String surface;
    final Set<Integer> lines = new LinkedHashSet<>();
    boolean lowerCaseSeen;
    int count;
    double score;

    Candidate(String surface) {
      this.surface = surface;
    }

    void add(int line, Gram gram) {
      lines.add(line);
      lowerCaseSeen |= gram.surface().equals(gram.key());
      count++;
    }
  }
}
