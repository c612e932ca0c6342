package io.callstream.analyzer.local;

import io.callstream.analyzer.Branch;
import io.callstream.analyzer.TranscriptLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Turns segmented topics into mindmap branches. A branch's label is its top key phrases; it cites
 * the topic's first substantive line and the lines its phrases occur in (at most ten, spread over
 * the topic). Its children are the topic's most central sentences (closest to the mean embedding of
 * the topic), shortened, each citing its own line. Thread-safe (stateless).
 */
final class TopicBranches {

  static final int LABEL_PHRASES = 3;
  static final int MAX_KEY_POINTS = 3;
  static final int MAX_CITATIONS = 10;

  /** Content words a topic has for each key point it shows. */
  private static final int CONTENT_WORDS_PER_KEY_POINT = 100;

  private static final int KEY_POINT_MIN_CONTENT_WORDS = 4;
  private static final int KEY_POINT_MAX_WORDS = 16;
  private static final double NEAR_DUPLICATE = 0.9;

  private TopicBranches() {}

  /**
   * Branches for the topics of {@code segmentation} from line {@code firstOwnLine} on; earlier
   * lines are context, read for segmentation and phrase statistics but never cited.
   */
  static List<Branch> of(Segmentation segmentation, int firstOwnLine) {
    List<TranscriptLine> lines = segmentation.lines();
    List<String> corpus = lines.stream().map(TranscriptLine::text).toList();
    List<Branch> branches = new ArrayList<>();
    for (Segmentation.Topic topic : segmentation.topics()) {
      int from = Math.max(topic.from(), firstOwnLine);
      if (from < topic.to()) {
        branch(segmentation, from, topic.to(), corpus).ifPresent(branches::add);
      }
    }
    return branches;
  }

  private static Optional<Branch> branch(
      Segmentation segmentation, int from, int to, List<String> corpus) {
    List<TranscriptLine> lines = segmentation.lines();
    List<String> texts = corpus.subList(from, to);
    List<KeyPhrases.Phrase> phrases = KeyPhrases.of(texts, corpus, LABEL_PHRASES);
    if (phrases.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder label = new StringBuilder();
    Set<Integer> cited = new TreeSet<>();
    for (int line = from; line < to; line++) {
      if (segmentation.embedding(line) != null) {
        cited.add(line);
        break;
      }
    }
    for (KeyPhrases.Phrase phrase : phrases) {
      label.append(label.length() == 0 ? "" : ", ").append(phrase.text());
      for (int line : phrase.lines()) {
        cited.add(from + line);
      }
    }
    List<String> citations =
        spread(List.copyOf(cited)).stream().map(line -> lines.get(line).segmentId()).toList();
    String text = Character.toUpperCase(label.charAt(0)) + label.substring(1);
    return Optional.of(new Branch(text, citations, keyPoints(segmentation, from, to)));
  }

  /** At most {@link #MAX_CITATIONS} of the lines, evenly spaced, first and last kept. */
  private static List<Integer> spread(List<Integer> lines) {
    if (lines.size() <= MAX_CITATIONS) {
      return lines;
    }
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < MAX_CITATIONS; i++) {
      kept.add(lines.get((int) Math.round(i * (lines.size() - 1) / (MAX_CITATIONS - 1.0))));
    }
    return kept;
  }

  /** The topic's most central substantive sentences, in the order they were said. */
  private static List<Branch> keyPoints(Segmentation segmentation, int from, int to) {
    double[] centroid = new double[SentenceEmbedder.DIMENSION];
    int contentWords = 0;
    List<Integer> candidates = new ArrayList<>();
    for (int line = from; line < to; line++) {
      float[] embedding = segmentation.embedding(line);
      if (embedding == null) {
        continue;
      }
      int words = segmentation.contentWords(line);
      contentWords += words;
      for (int d = 0; d < centroid.length; d++) {
        centroid[d] += Math.min(words, TopicSegmenter.MAX_LINE_WEIGHT) * embedding[d];
      }
      if (words >= KEY_POINT_MIN_CONTENT_WORDS) {
        candidates.add(line);
      }
    }
    int wanted = Math.max(1, Math.min(MAX_KEY_POINTS, contentWords / CONTENT_WORDS_PER_KEY_POINT));
    candidates.sort(
        Comparator.comparingDouble(
            (Integer line) ->
                -TopicSegmenter.cosine(toDouble(segmentation.embedding(line)), centroid)));
    List<Integer> chosen = new ArrayList<>();
    for (int line : candidates) {
      if (chosen.size() == wanted) {
        break;
      }
      double[] vector = toDouble(segmentation.embedding(line));
      boolean distinct =
          chosen.stream()
              .allMatch(
                  other ->
                      TopicSegmenter.cosine(vector, toDouble(segmentation.embedding(other)))
                          < NEAR_DUPLICATE);
      if (distinct && !keyPoint(segmentation.lines().get(line).text()).isEmpty()) {
        chosen.add(line);
      }
    }
    chosen.sort(Comparator.naturalOrder());
    List<Branch> points = new ArrayList<>();
    for (int line : chosen) {
      TranscriptLine said = segmentation.lines().get(line);
      points.add(new Branch(keyPoint(said.text()), List.of(said.segmentId()), List.of()));
    }
    return points;
  }

  /** The line's sentence with the most content words, tidied and shortened; "" if none fits. */
  private static String keyPoint(String text) {
    String best = "";
    int bestWords = 0;
    for (String sentence : Words.sentences(text)) {
      int words = Words.contentCount(sentence);
      if (words > bestWords) {
        best = sentence;
        bestWords = words;
      }
    }
    return bestWords < 2 ? "" : Words.tidy(best, KEY_POINT_MAX_WORDS);
  }

  private static double[] toDouble(float @Nullable [] vector) {
    double[] result = new double[SentenceEmbedder.DIMENSION];
    if (vector != null) {
      for (int d = 0; d < result.length; d++) {
        result[d] = vector[d];
      }
    }
    return result;
  }
}
