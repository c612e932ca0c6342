package io.callstream.ingest.transcript.format;

import static io.callstream.ingest.transcript.format.Parsing.parse;
import static io.callstream.ingest.transcript.format.Parsing.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlainTextParserTest {

  private static final TranscriptFormat TEXT = TranscriptFormat.TEXT;

  @Test
  void shouldReadTimedTurnsEachLastingItsWordsAt150WordsPerMinute() {
    List<ParsedSegment> segments =
        parse(TEXT, "[00:00:05] Ana Lima: Shall we start?\n[01:10] Ben: Yes.\n").segments();

    assertThat(segments)
        .containsExactly(
            new ParsedSegment(0, 1, "Ana Lima", 5_000, 6_200, "Shall we start?"),
            new ParsedSegment(1, 2, "Ben", 70_000, 70_400, "Yes."));
  }

  @Test
  void shouldReadMinutesPast59WhenTheTimeHasNoHours() {
    assertThat(parse(TEXT, "[75:10] Ana: Still here.").segments().get(0).startMs())
        .isEqualTo(4_510_000L);
  }

  @Test
  void shouldPlaceTurnsWithoutTimesOneAfterAnotherFromZero() {
    List<ParsedSegment> segments =
        parse(TEXT, "Ana: one two three\n\nBen: four\nAna: five six\n").segments();

    assertThat(segments)
        .extracting(ParsedSegment::startMs, ParsedSegment::endMs)
        .containsExactly(tuple(0L, 1_200L), tuple(1_200L, 1_600L), tuple(1_600L, 2_400L));
  }

  @Test
  void shouldNeverLetAnEstimateRunPastTheNextStatedTime() {
    List<ParsedSegment> segments =
        parse(
                TEXT,
                "Ana: a long opening that keeps going well beyond two seconds of speech\n"
                    + "Ben: and this turn has no time at all\n"
                    + "[00:02] Ana: Stop.\n"
                    + "Ben: Then what?\n")
            .segments();

    assertThat(segments)
        .extracting(ParsedSegment::startMs, ParsedSegment::endMs)
        .containsExactly(
            tuple(0L, 2_000L), tuple(2_000L, 2_000L), tuple(2_000L, 2_400L), tuple(2_400L, 3_200L));
  }

  @Test
  void shouldAppendLinesWithoutASpeakerToTheTurnBefore() {
    List<ParsedSegment> segments =
        parse(TEXT, "Ana:\n  Shall we start\nwith the budget? See https://example.org\nBen: Yes.")
            .segments();

    assertThat(segments)
        .extracting(ParsedSegment::speaker, ParsedSegment::text)
        .containsExactly(
            tuple("Ana", "Shall we start with the budget? See https://example.org"),
            tuple("Ben", "Yes."));
  }

  @Test
  void shouldNotTakeASentenceOfMoreThanFiveWordsBeforeAColonForASpeaker() {
    List<ParsedSegment> segments =
        parse(TEXT, "Ana: Listen.\nAnd then he said to all of us: no.\n").segments();

    assertThat(segments).hasSize(1);
    assertThat(segments.get(0).text()).isEqualTo("Listen. And then he said to all of us: no.");
  }

  @Test
  void shouldRejectAFirstLineWithoutASpeaker() {
    assertThat(rejection(TEXT, "\nHello everyone.\nAna: Hi."))
        .hasMessage(
            "line 2: expected 'Speaker: text' (optionally after [hh:mm:ss]), found 'Hello"
                + " everyone.'");
  }

  @Test
  void shouldRejectATimeWithoutASpeaker() {
    assertThat(rejection(TEXT, "Ana: Hi.\n[00:10] Hello?"))
        .hasMessage("line 2: expected 'Speaker: text' after [00:10], found '[00:10] Hello?'");
  }

  @Test
  void shouldRejectATimeThatIsNotATimestampNamingItsLine() {
    assertThat(rejection(TEXT, "Ana: Hi.\n[00:61] Ben: Hello?"))
        .hasMessage("line 2: time [00:61] is not a timestamp ([hh:mm:ss] or [mm:ss])");
    assertThat(rejection(TEXT, "[-00:01] Ana: Hi."))
        .hasMessage("line 1: time [-00:01] is not a timestamp ([hh:mm:ss] or [mm:ss])");
  }

  @Test
  void shouldRejectATimeBeforeAnEarlierOneNamingBothLines() {
    assertThat(rejection(TEXT, "[00:10] Ana: Hi.\nBen: Hello.\n[00:05] Ana: Back?"))
        .hasMessage("line 3: time [00:05] is before the time [00:10] of line 1");
  }

  @Test
  void shouldRejectATurnWithoutText() {
    assertThat(rejection(TEXT, "Ana: Hi.\nBen:\nAna: Ben?"))
        .hasMessage("line 2: the turn of Ben has no text");
  }
}
