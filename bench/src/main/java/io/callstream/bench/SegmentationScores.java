package io.callstream.bench;

import java.util.Collection;

/**
 * The two standard error rates of a topic segmentation against a reference, both in [0, 1], lower
 * is better: Pk (Beeferman, Berger and Lafferty 1999) and WindowDiff (Pevzner and Hearst 2002).
 *
 * <p>A segmentation of {@code n} units is an array of {@code n} flags, {@code true} where a unit
 * opens a new segment. A window of {@code k} flags starting at {@code i} then tells whether units
 * {@code i - 1} and {@code i + k - 1}, {@code k} apart, lie in different segments. Same conventions
 * as NLTK's {@code nltk.metrics.segmentation}, whose examples the tests reproduce.
 */
final class SegmentationScores {

  private SegmentationScores() {}

  /** Share of windows where one segmentation puts a boundary and the other none. */
  static double pk(boolean[] reference, boolean[] hypothesis, int k) {
    check(reference, hypothesis, k);
    int windows = reference.length - k + 1;
    int errors = 0;
    for (int i = 0; i < windows; i++) {
      boolean inReference = count(reference, i, k) > 0;
      boolean inHypothesis = count(hypothesis, i, k) > 0;
      if (inReference != inHypothesis) {
        errors++;
      }
    }
    return (double) errors / windows;
  }

  /** Share of windows where the two segmentations count a different number of boundaries. */
  static double windowDiff(boolean[] reference, boolean[] hypothesis, int k) {
    check(reference, hypothesis, k);
    int windows = reference.length - k + 1;
    int errors = 0;
    for (int i = 0; i < windows; i++) {
      if (count(reference, i, k) != count(hypothesis, i, k)) {
        errors++;
      }
    }
    return (double) errors / windows;
  }

  /** Flags of {@code units} units with a segment opening at each of {@code starts} (0 ignored). */
  static boolean[] flags(int units, Collection<Integer> starts) {
    boolean[] flags = new boolean[units];
    for (int start : starts) {
      if (start < 0 || start >= units) {
        throw new IllegalArgumentException("segment start " + start + " outside 0.." + units);
      }
      flags[start] = start > 0;
    }
    return flags;
  }

  /** The customary window: half the mean segment length of the reference, at least 1. */
  static int halfMeanSegmentLength(boolean[] reference) {
    int segments = 1;
    for (boolean opens : reference) {
      if (opens) {
        segments++;
      }
    }
    return Math.max(1, (int) Math.round(reference.length / (2.0 * segments)));
  }

  private static int count(boolean[] flags, int from, int k) {
    int count = 0;
    for (int i = from; i < from + k; i++) {
      if (flags[i]) {
        count++;
      }
    }
    return count;
  }

  private static void check(boolean[] reference, boolean[] hypothesis, int k) {
    if (reference.length != hypothesis.length) {
      throw new IllegalArgumentException(
          "segmentations must have equal length, were "
              + reference.length
              + " and "
              + hypothesis.length);
    }
    if (k < 1 || k > reference.length) {
      throw new IllegalArgumentException("k must be in 1.." + reference.length + ", was " + k);
    }
  }
}
