package io.callstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The textbook examples of NLTK's {@code nltk.metrics.segmentation} doctests. */
class SegmentationScoresTest {

  @Test
  void shouldScoreWindowDiffAsNltkDoes() {
    boolean[] s1 = flags("000100000010");
    boolean[] s2 = flags("000010000100");
    boolean[] s3 = flags("100000010000");

    assertThat(SegmentationScores.windowDiff(s1, s1, 3)).isZero();
    assertThat(SegmentationScores.windowDiff(s1, s2, 3)).isCloseTo(0.30, within(0.005));
    assertThat(SegmentationScores.windowDiff(s2, s3, 3)).isCloseTo(0.80, within(0.005));
  }

  @Test
  void shouldScorePkAsNltkDoes() {
    boolean[] reference = flags("0100".repeat(100));

    assertThat(SegmentationScores.pk(reference, flags("1".repeat(400)), 2))
        .isCloseTo(0.50, within(0.005));
    assertThat(SegmentationScores.pk(reference, flags("0".repeat(400)), 2))
        .isCloseTo(0.50, within(0.005));
    assertThat(SegmentationScores.pk(reference, reference, 2)).isZero();
  }

  @Test
  void shouldNotPenalizeNearMissAsMuchAsMiss() {
    boolean[] reference = SegmentationScores.flags(40, List.of(20));
    boolean[] nearMiss = SegmentationScores.flags(40, List.of(22));
    boolean[] miss = SegmentationScores.flags(40, List.of());

    assertThat(SegmentationScores.pk(reference, nearMiss, 10))
        .isLessThan(SegmentationScores.pk(reference, miss, 10));
    assertThat(SegmentationScores.windowDiff(reference, nearMiss, 10))
        .isLessThan(SegmentationScores.windowDiff(reference, miss, 10));
  }

  @Test
  void shouldMarkSegmentStartsAndHalveTheMeanSegmentLength() {
    boolean[] flags = SegmentationScores.flags(12, List.of(0, 4, 8));

    assertThat(flags).containsExactly(flags("000010001000"));
    assertThat(SegmentationScores.halfMeanSegmentLength(flags)).isEqualTo(2);
    assertThat(SegmentationScores.halfMeanSegmentLength(new boolean[100])).isEqualTo(50);
  }

  @Test
  void shouldRejectSegmentationsOfDifferentLength() {
    assertThatThrownBy(() -> SegmentationScores.pk(flags("0100"), flags("010"), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("equal length");
  }

  private static boolean[] flags(String digits) {
    boolean[] flags = new boolean[digits.length()];
    for (int i = 0; i < flags.length; i++) {
      flags[i] = digits.charAt(i) == '1';
    }
    return flags;
  }
}
