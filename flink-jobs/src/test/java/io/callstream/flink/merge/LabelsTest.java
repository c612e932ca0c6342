package io.callstream.flink.merge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelsTest {

  private static final double THRESHOLD = 0.5;

  @Test
  void shouldNormalizeCaseStopWordsPluralsAndVerbEndings() {
    assertThat(Labels.words("The Pricing of our Meetings")).containsExactly("pric", "meet");
    assertThat(Labels.key("prices and meeting")).isEqualTo(Labels.key("the priced meetings"));
    assertThat(Labels.key("Companies' budgets")).isEqualTo("company budget");
  }

  @Test
  void shouldKeyATextOfOnlyStopWordsByItself() {
    assertThat(Labels.words("What about it?")).isEmpty();
    assertThat(Labels.key("  What  about IT? ")).isEqualTo("what about it?");
  }

  @Test
  void shouldFindTextsAlikeByJaccardOrContainment() {
    assertThat(similarity("Budget review", "Reviewing the budget")).isEqualTo(1.0);
    assertThat(similarity("Budget", "Budget for the marketing team")).isEqualTo(THRESHOLD);
    assertThat(similarity("Hiring plan for Q3", "Hiring freeze")).isEqualTo(-1);
    assertThat(similarity("Office move", "Pricing")).isEqualTo(-1);
  }

  @Test
  void shouldCompareTextsOfOnlyStopWordsByKey() {
    assertThat(similarity("What about it", "what about it")).isEqualTo(1.0);
    assertThat(similarity("What about it", "Budget")).isEqualTo(-1);
  }

  private static double similarity(String a, String b) {
    return Labels.similarity(
        Labels.words(a), Labels.key(a), Labels.words(b), Labels.key(b), THRESHOLD);
  }
}
