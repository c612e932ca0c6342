package io.callstream.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SearchTokensTest {

  @Test
  void shouldLowerCaseAndSplitOnEverythingButLettersAndDigits() {
    assertThat(SearchTokens.of("Café-Budget, Q3! (draft_v2) ana@example.com"))
        .containsExactly("café", "budget", "q3", "draft", "v2", "ana", "example", "com");
  }

  @Test
  void shouldDropTokensShorterThanTwoCodePoints() {
    assertThat(SearchTokens.of("I think a 3 is OK")).containsExactly("think", "is", "ok");
    // one code point outside the BMP is two chars but one letter
    assertThat(SearchTokens.of("\uD835\uDC9C x")).isEmpty();
  }

  @Test
  void shouldNormalizeCompatibilityFormsWithNfkc() {
    assertThat(SearchTokens.of("ＱＵＯＴＥ ﬁnal ℌello")).containsExactly("quote", "final", "hello");
  }

  @Test
  void shouldMatchComposedAndDecomposedAccents() {
    assertThat(SearchTokens.of("Cafe\u0301")).isEqualTo(SearchTokens.of("Café"));
  }

  @Test
  void shouldKeepCombiningMarksInsideTheirWord() {
    assertThat(SearchTokens.of("नमस्ते दुनिया")).containsExactly("नमस्ते", "दुनिया");
  }

  @Test
  void shouldKeepEachTokenOnceInOrderOfFirstOccurrence() {
    assertThat(SearchTokens.of("the plan, the budget and THE plan"))
        .containsExactly("the", "plan", "budget", "and");
  }

  @Test
  void shouldGiveNoTokensForPunctuationAndSpace() {
    assertThat(SearchTokens.of("  ... !? — ")).isEmpty();
    assertThat(SearchTokens.of("")).isEmpty();
  }

  @Test
  void shouldMakeEveryTokenItsOwnSoleToken() {
    List<String> tokens = SearchTokens.of("Straße İstanbul ＡＢＣ Ǆemal ﬃx Ωmega nº5 ½off");

    assertThat(tokens)
        .isNotEmpty()
        .allSatisfy(token -> assertThat(SearchTokens.of(token)).containsExactly(token));
  }

  @Test
  void shouldMatchTextContainingEveryQueryTokenInAnyOrderAndCase() {
    String text = "Well, the REMOTE control needs a new design.";

    assertThat(SearchTokens.containsAll(text, "design remote")).isTrue();
    assertThat(SearchTokens.containsAll(text, "remote designs")).isFalse();
    assertThat(SearchTokens.containsAll(text, "remote zeppelin")).isFalse();
  }
}
