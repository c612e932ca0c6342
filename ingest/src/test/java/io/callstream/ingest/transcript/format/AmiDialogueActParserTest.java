package io.callstream.ingest.transcript.format;

import static io.callstream.ingest.transcript.format.Parsing.parse;
import static io.callstream.ingest.transcript.format.Parsing.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AmiDialogueActParserTest {

  private static final TranscriptFormat AMI = TranscriptFormat.AMI_DA;

  private static String act(String start, String end, String letter, String role, String text) {
    return String.join("\t", "X.dialog-act.1", start, end, letter, role, "inf", "-1", "0", text)
        + "\r\n";
  }

  @Test
  void shouldKeepFileOrderAndNumberActsByStartTime() {
    List<ParsedSegment> segments =
        parse(
                AMI,
                act("55.415", "60.35", "B", "PM", "{vocalsound} Um well this is the kick-off .")
                    + act("67.55", "72.79", "B", "PM", "Um so first of all ,")
                    + act("67.21", "67.45", "D", "ME", "Mm-hmm .")
                    + act("67.55", "68.0", "A", "ID", "Hi ."))
            .segments();

    assertThat(segments)
        .containsExactly(
            new ParsedSegment(
                0, 1, "PM (B)", 55_415, 60_350, "{vocalsound} Um well this is the kick-off ."),
            new ParsedSegment(2, 2, "PM (B)", 67_550, 72_790, "Um so first of all ,"),
            new ParsedSegment(1, 3, "ME (D)", 67_210, 67_450, "Mm-hmm ."),
            new ParsedSegment(3, 4, "ID (A)", 67_550, 68_000, "Hi ."));
  }

  @Test
  void shouldRoundSecondsToMilliseconds() {
    ParsedSegment segment = parse(AMI, act("1.2345", "2", "A", "PM", "Okay")).segments().get(0);

    assertThat(segment.startMs()).isEqualTo(1_235L);
    assertThat(segment.endMs()).isEqualTo(2_000L);
  }

  @Test
  void shouldNameTheSpeakerByRoleOrLetterWhenTheOtherIsMissing() {
    List<ParsedSegment> segments =
        parse(AMI, act("1", "2", "", "PM", "One") + act("2", "3", "C", " ", "Two")).segments();

    assertThat(segments).extracting(ParsedSegment::speaker).containsExactly("PM", "C");
  }

  @Test
  void shouldKeepATabInsideTheTextAndSkipBlankLines() {
    List<ParsedSegment> segments =
        parse(AMI, "\r\n" + act("1", "2", "A", "PM", "left\tright") + "\r\n\r\n").segments();

    assertThat(segments).extracting(ParsedSegment::text).containsExactly("left\tright");
  }

  @Test
  void shouldRejectALineWithTooFewColumnsNamingIt() {
    TranscriptFormatException rejection =
        rejection(AMI, act("1", "2", "A", "PM", "Fine") + "X\t3\t4\tA\r\n");

    assertThat(rejection.line()).isEqualTo(2);
    assertThat(rejection)
        .hasMessageContaining("expected 9 tab-separated columns")
        .hasMessageEndingWith("found 4");
  }

  @Test
  void shouldRejectTimesThatAreNotSeconds() {
    assertThat(rejection(AMI, act("1x.5", "2", "A", "PM", "Hi")))
        .hasMessage("line 1: start time 1x.5 is not a number of seconds");
    assertThat(rejection(AMI, act("1", "1e3", "A", "PM", "Hi")))
        .hasMessage("line 1: end time 1e3 is not a number of seconds");
  }

  @Test
  void shouldRejectNegativeAndReversedTimesNamingTheLine() {
    assertThat(rejection(AMI, act("1", "2", "A", "PM", "Hi") + act("-1.0", "2", "A", "PM", "Hi")))
        .hasMessage("line 2: start time -1.0 is negative");
    assertThat(rejection(AMI, act("3.5", "2", "A", "PM", "Hi")))
        .hasMessage("line 1: end time 2 is before start time 3.5");
  }

  @Test
  void shouldRejectAnActWithoutTextOrSpeaker() {
    assertThat(rejection(AMI, act("1", "2", "A", "PM", " ")))
        .hasMessage("line 1: the dialogue act has no text");
    assertThat(rejection(AMI, act("1", "2", "", "", "Hi")))
        .hasMessage("line 1: speaker_letter and role are both empty");
  }

  @Test
  void shouldRejectAFileOfBlankLinesAsEmpty() {
    assertThat(rejection(AMI, "\r\n \r\n")).hasMessage("line 1: the transcript is empty");
  }
}
