package io.callstream.analyzer.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.callstream.analyzer.Finding;
import io.callstream.analyzer.TranscriptLine;
import io.callstream.core.event.InsightType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InsightDetectorTest {

  private final InsightDetector detector = new InsightDetector();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          I'll send the revised budget by Friday.                         | ACTION_ITEM   | Ann                 | by Friday
          We need to finalize the supplier contract next week.            | ACTION_ITEM   | -                   | next week
          Sam, can you update the pricing slides tomorrow?                | ACTION_ITEM   | Sam                 | tomorrow
          Can you check the battery supplier quotes, Priya?               | ACTION_ITEM   | Priya               | -
          As the industrial designer, you're gonna be working on the working design. | ACTION_ITEM | industrial designer | -
          I'm going to draft the customer survey questions.               | ACTION_ITEM   | Ann                 | -
          Let's schedule the usability tests for the prototype.           | ACTION_ITEM   | -                   | -
          I'll follow up with the chip supplier on Monday.                | ACTION_ITEM   | Ann                 | on Monday
          Could you please email the minutes to the whole team by the end of the week? | ACTION_ITEM | - | by the end of the week
          We decided to use rubber buttons on the remote.                 | DECISION      | -                   | -
          Let's go with the yellow banana design.                         | DECISION      | -                   | -
          We all agreed that the price stays at twenty five euros.        | DECISION      | -                   | -
          What battery life do our customers actually expect?             | OPEN_QUESTION | -                   | -
          I'm worried the casing is too expensive for our budget.         | OBJECTION     | -                   | -
          There is a real risk that the chip supplier delays delivery.    | RISK          | -                   | -
          The next step is a review of the component costs.               | NEXT_STEP     | -                   | -
          """)
  void shouldFindInsightWithOwnerAndDue(
      String sentence, InsightType type, String owner, String due) {
    List<Finding> findings = detector.find(List.of(line("Ann", sentence)));

    assertThat(findings).extracting(Finding::type).containsExactly(type);
    Finding finding = findings.get(0);
    assertThat(finding.owner()).isEqualTo(owner);
    assertThat(finding.due()).isEqualTo(due);
    assertThat(finding.segmentIds()).containsExactly("seg-0");
    assertThat(finding.text()).isNotBlank();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          I'll be honest with you.                                  | ACTION_ITEM
          I think it's going to be difficult.                       | ACTION_ITEM
          We'll see how the market develops.                        | ACTION_ITEM
          I don't think we need to persuade the minister about this. | ACTION_ITEM
          We'll that's the end of the meeting, then.                | ACTION_ITEM
          We haven't decided on the colour yet.                     | DECISION
          Are we all agreed on the colour?                          | DECISION
          It's a nice colour, right?                                | OPEN_QUESTION
          Can I thank the witnesses for attending today?            | OPEN_QUESTION
          Is it?                                                    | OPEN_QUESTION
          Don't worry about the budget numbers.                     | OBJECTION
          As far as further education is concerned, funding is stable. | OBJECTION
          Yeah, okay.                                               | ACTION_ITEM
          """)
  void shouldNotFindInsightInOrdinaryTalk(String sentence, InsightType type) {
    List<Finding> findings = detector.find(List.of(line("Ann", sentence)));

    assertThat(findings).extracting(Finding::type).doesNotContain(type);
  }

  @Test
  void shouldTreatQuestionAnsweredByAnotherSpeakerAsNotOpen() {
    List<TranscriptLine> lines =
        List.of(
            new TranscriptLine(
                "seg-0", "Ann", 0, 1000, "What do you think about the colour scheme?"),
            new TranscriptLine(
                "seg-1",
                "Bo",
                1000,
                2000,
                "I like the bright yellow colour scheme for younger customers."));

    assertThat(detector.find(lines)).extracting(Finding::type).isEmpty();
  }

  @Test
  void shouldCiteTheLineEachFindingCameFrom() {
    List<TranscriptLine> lines =
        List.of(
            new TranscriptLine("seg-7", "Ann", 0, 1000, "Okay."),
            new TranscriptLine("seg-8", "Bo", 1000, 2000, "I'll order the prototype parts today."),
            new TranscriptLine("seg-9", "Ann", 2000, 3000, "We decided to skip the LCD screen."));

    assertThat(detector.find(lines))
        .extracting(Finding::type, Finding::segmentIds)
        .containsExactly(
            tuple(InsightType.ACTION_ITEM, List.of("seg-8")),
            tuple(InsightType.DECISION, List.of("seg-9")));
  }

  @Test
  void shouldStripFillersFromFindingText() {
    List<Finding> findings =
        detector.find(List.of(line("Ann", "Um so uh I'll I'll send the the drawings by Friday .")));

    assertThat(findings)
        .singleElement()
        .satisfies(
            finding -> assertThat(finding.text()).isEqualTo("I'll send the drawings by Friday."));
  }

  private static TranscriptLine line(String speaker, String text) {
    return new TranscriptLine("seg-0", speaker, 0, 1000, text);
  }
}
