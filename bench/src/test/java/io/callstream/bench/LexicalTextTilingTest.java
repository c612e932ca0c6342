package io.callstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexicalTextTilingTest {

  @Test
  void shouldCutWhereTheVocabularyChanges() {
    List<String> turns = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      turns.add(
          "The garden tomatoes need compost, water and sunshine; tomatoes, basil and peppers grow"
              + " in raised garden beds with compost.");
    }
    for (int i = 0; i < 30; i++) {
      turns.add(
          "The auditors check the tax ledger, invoices and payroll; invoices and ledger balances go"
              + " into the quarterly tax return.");
    }

    List<Integer> boundaries = LexicalTextTiling.boundaries(turns);

    // Pseudo-sentences of 20 words do not line up with 19-word turns: a turn either side is fine.
    assertThat(boundaries).anySatisfy(boundary -> assertThat(boundary).isBetween(29, 31));
  }

  @Test
  void shouldFindNothingInTooShortText() {
    assertThat(LexicalTextTiling.boundaries(List.of("Okay.", "Right, the budget."))).isEmpty();
  }
}
