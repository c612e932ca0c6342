package io.callstream.analyzer.local;

import io.callstream.analyzer.TranscriptLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts a run of transcript lines into topics: TextTiling (Hearst 1997) on sentence embeddings
 * instead of word counts. Thread-safe.
 *
 * <ol>
 *   <li>Each line with at least {@value #MIN_CONTENT_WORDS} content words is embedded; shorter
 *       lines ("Okay.", "Mm-hmm.") carry no topic and are skipped.
 *   <li>At every gap between embedded lines, the lines just before it and just after it, each side
 *       holding at least {@value #WINDOW_CONTENT_WORDS} content words (about 40 seconds of speech),
 *       are averaged, weighting a line by its content words, and the two averages compared by
 *       cosine similarity.
 *   <li>Each valley in that curve gets a depth score: how far the curve climbs on both sides before
 *       it falls again.
 *   <li>Valleys deeper than the mean valley by half a standard deviation, and deeper than {@value
 *       #MIN_DEPTH}, become boundaries, deepest first, as long as every topic keeps at least
 *       {@value #MIN_TOPIC_CONTENT_WORDS} content words (about two minutes of speech).
 * </ol>
 */
public final class TopicSegmenter {

  /** Lines with fewer content words are backchannel: not embedded, never a topic's evidence. */
  static final int MIN_CONTENT_WORDS = 2;

  /** Content words on each side of a gap that are compared. */
  static final int WINDOW_CONTENT_WORDS = 40;

  /** A long monologue counts as this many content words in a window, so it cannot drown it. */
  static final int MAX_LINE_WEIGHT = 30;

  /** Shortest topic, in content words. */
  static final int MIN_TOPIC_CONTENT_WORDS = 120;

  /** Shallowest valley that may be a boundary, in cosine similarity. */
  static final double MIN_DEPTH = 0.05;

  /** The tunable numbers, defaults above; package-private so experiments can vary them. */
  record Settings(int window, int minTopic, double minDepth, double deviations) {
    static final Settings DEFAULT =
        new Settings(WINDOW_CONTENT_WORDS, MIN_TOPIC_CONTENT_WORDS, MIN_DEPTH, 0.5);
  }

  private final SentenceEmbedder embedder;
  private final Settings settings;

  TopicSegmenter(SentenceEmbedder embedder, Settings settings) {
    this.embedder = embedder;
    this.settings = settings;
  }

  /** A segmenter over the JVM's shared embedding model. */
  public static TopicSegmenter create() {
    return new TopicSegmenter(SentenceEmbedder.shared(), Settings.DEFAULT);
  }

  /**
   * Where new topics start: ascending indices into {@code lines}, each above 0. Empty when the
   * lines hold a single topic.
   */
  public List<Integer> boundaries(List<TranscriptLine> lines) {
    if (lines == null) {
      throw new IllegalArgumentException("lines must not be null");
    }
    return segment(lines).boundaries();
  }

  /** The lines cut into topics, with the embeddings that were computed on the way. */
  Segmentation segment(List<TranscriptLine> lines) {
    int[] content = new int[lines.size()];
    List<Integer> embedded = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      content[i] = Words.contentCount(lines.get(i).text());
      if (content[i] >= MIN_CONTENT_WORDS) {
        embedded.add(i);
        texts.add(lines.get(i).text());
      }
    }
    float[][] vectors = embedder.embed(texts);
    float[][] byLine = new float[lines.size()][];
    for (int u = 0; u < embedded.size(); u++) {
      byLine[embedded.get(u)] = vectors[u];
    }
    List<Integer> cuts = cuts(embedded, content, vectors);
    List<Integer> boundaries = new ArrayList<>();
    for (int unit : cuts) {
      boundaries.add(startOfTopic(lines, embedded.get(unit - 1), embedded.get(unit)));
    }
    return new Segmentation(lines, byLine, content, boundaries);
  }

  /** Units (indices into {@code embedded}) that start a new topic, ascending. */
  private List<Integer> cuts(List<Integer> embedded, int[] content, float[][] vectors) {
    int units = embedded.size();
    if (units < 2) {
      return List.of();
    }
    double[] weight = new double[units];
    long[] wordsBefore = new long[units + 1];
    for (int u = 0; u < units; u++) {
      weight[u] = Math.min(content[embedded.get(u)], MAX_LINE_WEIGHT);
      wordsBefore[u + 1] = wordsBefore[u] + content[embedded.get(u)];
    }
    double[] similarity = new double[units];
    for (int gap = 1; gap < units; gap++) {
      similarity[gap] = cosine(window(vectors, weight, gap, -1), window(vectors, weight, gap, +1));
    }
    double[] depth = depths(similarity);
    double cutoff = cutoff(depth);
    List<Integer> valleys = new ArrayList<>();
    for (int gap = 1; gap < units; gap++) {
      if (depth[gap] > 0 && depth[gap] >= cutoff) {
        valleys.add(gap);
      }
    }
    valleys.sort(Comparator.comparingDouble((Integer gap) -> -depth[gap]));
    long total = wordsBefore[units];
    List<Integer> cuts = new ArrayList<>();
    for (int gap : valleys) {
      long at = wordsBefore[gap];
      boolean roomy = at >= settings.minTopic() && total - at >= settings.minTopic();
      for (int cut : cuts) {
        roomy &= Math.abs(wordsBefore[cut] - at) >= settings.minTopic();
      }
      if (roomy) {
        cuts.add(gap);
      }
    }
    cuts.sort(Comparator.naturalOrder());
    return cuts;
  }

  /** Weighted sum of the units on one side of a gap, until the side holds enough words. */
  private double[] window(float[][] vectors, double[] weight, int gap, int direction) {
    double[] sum = new double[SentenceEmbedder.DIMENSION];
    double words = 0;
    for (int u = direction < 0 ? gap - 1 : gap;
        u >= 0 && u < vectors.length && words < settings.window();
        u += direction) {
      for (int d = 0; d < sum.length; d++) {
        sum[d] += weight[u] * vectors[u][d];
      }
      words += weight[u];
    }
    return sum;
  }

  /** Hearst's depth score of each valley of the similarity curve (0 elsewhere). */
  private static double[] depths(double[] similarity) {
    int last = similarity.length - 1;
    double[] depth = new double[similarity.length];
    for (int gap = 1; gap <= last; gap++) {
      boolean valley =
          (gap == 1 || similarity[gap] <= similarity[gap - 1])
              && (gap == last || similarity[gap] <= similarity[gap + 1]);
      if (!valley) {
        continue;
      }
      int left = gap;
      while (left > 1 && similarity[left - 1] >= similarity[left]) {
        left--;
      }
      int right = gap;
      while (right < last && similarity[right + 1] >= similarity[right]) {
        right++;
      }
      depth[gap] = (similarity[left] - similarity[gap]) + (similarity[right] - similarity[gap]);
    }
    return depth;
  }

  /** Mean valley depth plus half a standard deviation, and never below {@link #MIN_DEPTH}. */
  private double cutoff(double[] depth) {
    double sum = 0;
    double squares = 0;
    int valleys = 0;
    for (double d : depth) {
      if (d > 0) {
        sum += d;
        squares += d * d;
        valleys++;
      }
    }
    if (valleys == 0) {
      return Double.POSITIVE_INFINITY;
    }
    double mean = sum / valleys;
    double deviation = Math.sqrt(Math.max(0, squares / valleys - mean * mean));
    return Math.max(settings.minDepth(), mean + settings.deviations() * deviation);
  }

  /**
   * The line that opens the topic whose first embedded line is {@code next}: short lines of the
   * same speaker just before it ("Okay. So,") belong to the new topic, anything else to the old
   * one.
   */
  private static int startOfTopic(List<TranscriptLine> lines, int previous, int next) {
    int start = next;
    String speaker = lines.get(next).speaker();
    while (start - 1 > previous && lines.get(start - 1).speaker().equals(speaker)) {
      start--;
    }
    return start;
  }

  static double cosine(double[] a, double[] b) {
    double dot = 0;
    double normA = 0;
    double normB = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      normA += a[i] * a[i];
      normB += b[i] * b[i];
    }
    return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
  }
}
