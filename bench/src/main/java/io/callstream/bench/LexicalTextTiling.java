package io.callstream.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classic lexical baseline for topic segmentation: TextTiling (Hearst 1997), block comparison,
 * with the parameters of NLTK's {@code TextTilingTokenizer} defaults.
 *
 * <ol>
 *   <li>The text is cut into pseudo-sentences of {@value #W} words; stop words are then dropped.
 *   <li>At each gap between pseudo-sentences, the {@value #K} pseudo-sentences on either side are
 *       compared by the cosine of their word counts; the curve is smoothed once by a moving average
 *       over three gaps.
 *   <li>Each valley gets a depth score (how far the curve climbs on both sides); valleys deeper
 *       than the mean depth less half a standard deviation (Hearst's "HC" cutoff) are boundaries,
 *       deepest first, at least {@value #MIN_GAPS_APART} gaps apart.
 *   <li>Each boundary moves to the nearest turn break, since a turn is the unit that is scored.
 * </ol>
 *
 * Hand-written: no Java library ships TextTiling, and the baseline must run in the benchmark's
 * process.
 */
final class LexicalTextTiling {

  static final int W = 20;
  static final int K = 10;
  static final int MIN_GAPS_APART = 3;

  private static final Pattern WORD = Pattern.compile("[a-z]+(?:['-][a-z]+)*");

  /** NLTK's English stop-word list (Porter's and others' classic list). */
  private static final Set<String> STOP =
      Set.copyOf(
          Arrays.asList(
              ("i me my myself we our ours ourselves you your yours yourself yourselves he him his"
                      + " himself she her hers herself it its itself they them their theirs"
                      + " themselves what which who whom this that these those am is are was were be"
                      + " been being have has had having do does did doing a an the and but if or"
                      + " because as until while of at by for with about against between into"
                      + " through during before after above below to from up down in out on off over"
                      + " under again further then once here there when where why how all any both"
                      + " each few more most other some such no nor not only own same so than too"
                      + " very s t can will just don should now d ll m o re ve y ain aren couldn"
                      + " didn doesn hadn hasn haven isn ma mightn mustn needn shan shouldn wasn"
                      + " weren won wouldn")
                  .split(" ")));

  private LexicalTextTiling() {}

  /** Where new topics start: ascending indices into {@code turns}, each above 0. */
  static List<Integer> boundaries(List<String> turns) {
    List<String> words = new ArrayList<>();
    List<Integer> turnStarts = new ArrayList<>();
    for (String turn : turns) {
      turnStarts.add(words.size());
      Matcher matcher = WORD.matcher(turn.toLowerCase(Locale.ROOT));
      while (matcher.find()) {
        words.add(matcher.group());
      }
    }
    List<Map<String, Integer>> sequences = new ArrayList<>();
    for (int from = 0; from < words.size(); from += W) {
      Map<String, Integer> counts = new HashMap<>();
      for (String word : words.subList(from, Math.min(words.size(), from + W))) {
        if (!STOP.contains(word)) {
          counts.merge(word, 1, Integer::sum);
        }
      }
      sequences.add(counts);
    }
    if (sequences.size() < 3) {
      return List.of();
    }
    double[] score = smooth(blockSimilarities(sequences));
    double[] depth = depths(score);
    double cutoff = cutoff(depth);
    List<Integer> valleys = new ArrayList<>();
    for (int gap = 0; gap < depth.length; gap++) {
      if (depth[gap] > cutoff && isValley(score, gap)) {
        valleys.add(gap);
      }
    }
    valleys.sort(Comparator.comparingDouble((Integer gap) -> -depth[gap]));
    List<Integer> chosen = new ArrayList<>();
    for (int gap : valleys) {
      if (chosen.stream().allMatch(other -> Math.abs(other - gap) >= MIN_GAPS_APART)) {
        chosen.add(gap);
      }
    }
    TreeSet<Integer> boundaries = new TreeSet<>();
    for (int gap : chosen) {
      // Gap g lies between pseudo-sentences g and g + 1.
      int turn = nearestTurn(turnStarts, (gap + 1) * W);
      if (turn > 0) {
        boundaries.add(turn);
      }
    }
    return List.copyOf(boundaries);
  }

  /** Cosine of the word counts of the K sequences before and after each gap. */
  private static double[] blockSimilarities(List<Map<String, Integer>> sequences) {
    double[] similarity = new double[sequences.size() - 1];
    for (int gap = 0; gap < similarity.length; gap++) {
      Map<String, Integer> left = block(sequences, Math.max(0, gap - K + 1), gap + 1);
      Map<String, Integer> right =
          block(sequences, gap + 1, Math.min(sequences.size(), gap + 1 + K));
      similarity[gap] = cosine(left, right);
    }
    return similarity;
  }

  private static Map<String, Integer> block(
      List<Map<String, Integer>> sequences, int from, int to) {
    Map<String, Integer> counts = new HashMap<>();
    for (Map<String, Integer> sequence : sequences.subList(from, to)) {
      sequence.forEach((word, count) -> counts.merge(word, count, Integer::sum));
    }
    return counts;
  }

  private static double cosine(Map<String, Integer> a, Map<String, Integer> b) {
    double dot = 0;
    for (Map.Entry<String, Integer> entry : a.entrySet()) {
      dot += entry.getValue() * (double) b.getOrDefault(entry.getKey(), 0);
    }
    double norms = norm(a) * norm(b);
    return norms == 0 ? 0 : dot / norms;
  }

  private static double norm(Map<String, Integer> counts) {
    double squares = 0;
    for (int count : counts.values()) {
      squares += (double) count * count;
    }
    return Math.sqrt(squares);
  }

  private static double[] smooth(double[] values) {
    double[] smoothed = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      int from = Math.max(0, i - 1);
      int to = Math.min(values.length - 1, i + 1);
      double sum = 0;
      for (int j = from; j <= to; j++) {
        sum += values[j];
      }
      smoothed[i] = sum / (to - from + 1);
    }
    return smoothed;
  }

  private static double[] depths(double[] score) {
    double[] depth = new double[score.length];
    for (int gap = 0; gap < score.length; gap++) {
      int left = gap;
      while (left > 0 && score[left - 1] >= score[left]) {
        left--;
      }
      int right = gap;
      while (right < score.length - 1 && score[right + 1] >= score[right]) {
        right++;
      }
      depth[gap] = (score[left] - score[gap]) + (score[right] - score[gap]);
    }
    return depth;
  }

  private static boolean isValley(double[] score, int gap) {
    return (gap == 0 || score[gap] <= score[gap - 1])
        && (gap == score.length - 1 || score[gap] <= score[gap + 1]);
  }

  /** Hearst's HC cutoff over every gap's depth: mean less half a standard deviation. */
  private static double cutoff(double[] depth) {
    double mean = Arrays.stream(depth).average().orElse(0);
    double variance = Arrays.stream(depth).map(d -> (d - mean) * (d - mean)).average().orElse(0);
    return mean - Math.sqrt(variance) / 2;
  }

  private static int nearestTurn(List<Integer> turnStarts, int wordIndex) {
    int best = 0;
    for (int turn = 0; turn < turnStarts.size(); turn++) {
      if (Math.abs(turnStarts.get(turn) - wordIndex) < Math.abs(turnStarts.get(best) - wordIndex)) {
        best = turn;
      }
    }
    return best;
  }
}
