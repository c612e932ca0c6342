package io.callstream.ingest.transcript.format;

import static io.callstream.ingest.transcript.format.Parsing.parse;
import static io.callstream.ingest.transcript.format.Parsing.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SrtParserTest {

  private static final TranscriptFormat SRT = TranscriptFormat.SRT;

  @Test
  void shouldReadCuesWithTheSpeakerFromANamePrefix() {
    List<ParsedSegment> segments =
        parse(
                SRT,
                """
                1
                00:00:01,000 --> 00:00:02,500
                Ana Lima: Shall we start
                with the budget?

                2
                00:00:02,500 --> 00:00:04,000
                Yes, let's.
                """)
            .segments();

    assertThat(segments)
        .containsExactly(
            new ParsedSegment(0, 2, "Ana Lima", 1_000, 2_500, "Shall we start with the budget?"),
            new ParsedSegment(1, 7, "unknown", 2_500, 4_000, "Yes, let's."));
  }

  @Test
  void shouldRemoveFormattingTagsButKeepOtherAngleBrackets() {
    String text =
        parse(
                SRT,
                "1\r\n00:00:01,000 --> 00:00:02,000 X1:40 X2:600 Y1:20 Y2:50\r\n"
                    + "{\\an8}<i>Ana:</i> <font color=\"#fff\">x < y</font> and <b>y > z</b>\r\n")
            .segments()
            .get(0)
            .text();

    assertThat(text).isEqualTo("x < y and y > z");
  }

  @Test
  void shouldAcceptCuesWithoutNumbersAndAFullStopBeforeMilliseconds() {
    List<ParsedSegment> segments =
        parse(SRT, "00:00:01.000 --> 00:00:02.000\nOne.\n\n7\n0:00:02,000 --> 0:00:03,000\nTwo.")
            .segments();

    assertThat(segments).extracting(ParsedSegment::startMs).containsExactly(1_000L, 2_000L);
  }

  @Test
  void shouldSkipCuesWithoutText() {
    List<ParsedSegment> segments =
        parse(SRT, "1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:02,000 --> 00:00:03,000\nTwo.\n")
            .segments();

    assertThat(segments).extracting(ParsedSegment::text).containsExactly("Two.");
  }

  @Test
  void shouldRejectALineThatIsNeitherCueNumberNorTimeRange() {
    TranscriptFormatException rejection =
        rejection(SRT, "1\n00:00:01,000 --> 00:00:02,000\nOne.\n\nsecond cue\n");

    assertThat(rejection).hasMessage("line 5: expected a cue number, found 'second cue'");
  }

  @Test
  void shouldRejectACueNumberWithoutATimeRange() {
    assertThat(rejection(SRT, "1\nHello.\n"))
        .hasMessage(
            "line 2: expected a time range 'hh:mm:ss,ttt --> hh:mm:ss,ttt' after cue number 1,"
                + " found 'Hello.'");
    assertThat(rejection(SRT, "1\n00:00:01,000 --> 00:00:02,000\nOne.\n\n2\n"))
        .hasMessageEndingWith("after cue number 2, found the end of the file")
        .extracting(TranscriptFormatException::line)
        .isEqualTo(6);
  }

  @Test
  void shouldRejectAStartTimeThatIsNotATimestampNamingItsLine() {
    TranscriptFormatException rejection =
        rejection(
            SRT,
            "1\n00:00:01,000 --> 00:00:02,000\nOne.\n\n2\n00:00:0x,000 --> 00:00:03,000\nTwo.\n");

    assertThat(rejection)
        .hasMessage("line 6: start time 00:00:0x,000 is not a timestamp (hh:mm:ss,ttt)");
  }

  @Test
  void shouldRejectNegativeAndReversedTimesNamingTheLine() {
    assertThat(rejection(SRT, "1\n-00:00:01,000 --> 00:00:02,000\nOne.\n"))
        .hasMessageStartingWith("line 2: start time -00:00:01,000 is not a timestamp");
    assertThat(rejection(SRT, "1\n00:00:03,000 --> 00:00:02,000\nOne.\n"))
        .hasMessage("line 2: end time 00:00:02,000 is before start time 00:00:03,000");
  }

  @Test
  void shouldRejectAFileWithNoCues() {
    assertThat(rejection(SRT, "1\n00:00:01,000 --> 00:00:02,000\n\n"))
        .hasMessage("line 1: the SRT file has no cues with text");
  }
}
