package io.callstream.analyzer.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.analyzer.TranscriptLine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicSegmenterTest {

  private static final List<String> GARDEN =
      List.of(
          "This spring I planted tomatoes, peppers and basil in the raised beds behind the garden"
              + " shed, using fresh compost from the allotment.",
          "The tomato seedlings need watering every morning, and the clay soil in our garden dries"
              + " out quickly when the weather turns hot.",
          "Slugs ate half of the lettuce leaves last week, so I spread crushed eggshells and copper"
              + " tape around every vegetable bed.",
          "My neighbour recommends mulching the strawberry plants with straw to keep the berries"
              + " clean and the weeds down.",
          "Pruning the apple trees in late winter gives stronger branches and bigger fruit harvests"
              + " in the autumn orchard.",
          "Compost heaps work best with a mix of green grass clippings, brown dry leaves and kitchen"
              + " vegetable peelings turned weekly.",
          "The rose bushes along the garden fence suffered from black spot fungus after the rainy"
              + " summer weeks.",
          "We built a small greenhouse from recycled windows so the chilli plants and cucumbers stay"
              + " warm at night.",
          "Earthworms in the vegetable beds are a good sign of healthy soil, rich in organic matter"
              + " and nutrients.",
          "Next season I want to grow potatoes, carrots and onions in the sunny corner beside the"
              + " pond and the herb garden.");

  private static final List<String> TAXES =
      List.of(
          "The quarterly corporate tax return is due to the revenue authority, and our accountant"
              + " needs the audited ledger balances.",
          "Depreciation of the delivery vans reduces taxable profit, but the auditors want invoices"
              + " for every vehicle purchase.",
          "Our payroll software miscalculated employer pension contributions, so the finance"
              + " department must file corrected statements.",
          "Value added tax on exported invoices is zero rated, although customs declarations still"
              + " require correct commodity codes.",
          "The bank reconciliation shows an unexplained difference of four thousand euros in the"
              + " corporate current account and the petty cash ledger.",
          "Capital gains on the sale of the office building are taxable, unless the proceeds are"
              + " reinvested within three fiscal years under the property revaluation reserve rules.",
          "The external auditors requested copies of the shareholder loan agreements and the board"
              + " minutes approving dividend payments.",
          "Accrued interest on the bank overdraft must appear as a liability on the balance sheet"
              + " before the fiscal year closes.",
          "Withholding tax applies to royalty payments to the foreign subsidiary under the double"
              + " taxation treaty rules and local statutory reporting requirements.",
          "The accountant suggests switching the inventory valuation method, which changes the cost"
              + " of goods sold and reported profit.");

  private final TopicSegmenter segmenter = TopicSegmenter.create();

  @Test
  void shouldFindBoundaryNearTopicChange() {
    List<TranscriptLine> lines = new ArrayList<>();
    for (String text : GARDEN) {
      lines.add(line(lines.size(), lines.size() % 2 == 0 ? "Ann" : "Bo", text));
    }
    for (String text : TAXES) {
      lines.add(line(lines.size(), lines.size() % 2 == 0 ? "Ann" : "Bo", text));
    }

    List<Integer> boundaries = segmenter.boundaries(lines);

    // Each topic holds about 140 content words, so there is room for one boundary only.
    assertThat(boundaries)
        .singleElement()
        .satisfies(boundary -> assertThat(boundary).isBetween(8, 12));
  }

  @Test
  void shouldNotCutTooFewWordsForTwoTopics() {
    List<TranscriptLine> lines =
        List.of(
            line(0, "Ann", GARDEN.get(0)),
            line(1, "Bo", GARDEN.get(1)),
            line(2, "Ann", TAXES.get(0)),
            line(3, "Bo", TAXES.get(1)));

    assertThat(segmenter.boundaries(lines)).isEmpty();
  }

  @Test
  void shouldAnswerNoBoundaryForBackchannelOnly() {
    List<TranscriptLine> lines =
        List.of(line(0, "Ann", "Okay."), line(1, "Bo", "Mm-hmm."), line(2, "Ann", "Yeah."));

    assertThat(segmenter.boundaries(lines)).isEmpty();
    assertThat(segmenter.boundaries(List.of())).isEmpty();
  }

  @Test
  void shouldRejectNullLines() {
    assertThatThrownBy(() -> segmenter.boundaries(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lines must not be null");
  }

  private static TranscriptLine line(int index, String speaker, String text) {
    return new TranscriptLine(
        "seg-" + index, speaker, index * 10_000L, index * 10_000L + 9_000, text);
  }
}
