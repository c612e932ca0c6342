package io.callstream.ingest.transcript.format;

import static io.callstream.ingest.transcript.format.Parsing.parse;
import static io.callstream.ingest.transcript.format.Parsing.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebVttParserTest {

  private static final TranscriptFormat VTT = TranscriptFormat.WEBVTT;

  @Test
  void shouldReadCuesWithVoiceTagsAsSegments() {
    List<ParsedSegment> segments =
        parse(
                VTT,
                """
                WEBVTT

                1
                00:00:01.000 --> 00:00:04.500
                <v Ana Lima>Shall we start
                with the budget?</v>

                00:05.250 --> 00:07.000 align:start position:10%
                <v.loud.first Ben>Yes.
                """)
            .segments();

    assertThat(segments)
        .containsExactly(
            new ParsedSegment(0, 4, "Ana Lima", 1_000, 4_500, "Shall we start with the budget?"),
            new ParsedSegment(1, 8, "Ben", 5_250, 7_000, "Yes."));
  }

  @Test
  void shouldReadHoursBeyondTwoDigits() {
    ParsedSegment segment =
        parse(VTT, "WEBVTT\n\n100:00:00.000 --> 100:00:01.001\n<v Ana>Late.\n").segments().get(0);

    assertThat(segment.startMs()).isEqualTo(360_000_000L);
    assertThat(segment.endMs()).isEqualTo(360_001_001L);
  }

  @Test
  void shouldSkipHeaderNoteStyleAndRegionBlocks() {
    List<ParsedSegment> segments =
        parse(
                VTT,
                """
                WEBVTT Kind: captions
                Language: en

                STYLE
                ::cue { color: yellow }

                REGION
                id:left width:40%

                NOTE a note
                that spans --> lines

                00:01.000 --> 00:02.000
                <v Ana>Hello.

                NOTE
                another note
                """)
            .segments();

    assertThat(segments).extracting(ParsedSegment::text).containsExactly("Hello.");
  }

  @Test
  void shouldRemoveOtherTagsAndDecodeCharacterReferences() {
    String text =
        parse(
                VTT,
                "WEBVTT\n\n00:01.000 --> 00:02.000\n"
                    + "<v Ana>I <i>really</i> like <c.yellow>R&amp;D</c> &lt;3,"
                    + " <00:00:01.500>caf&#233; &#xE9;t&eacute;&nbsp;&unknown; &#0; &#x110000;\n")
            .segments()
            .get(0)
            .text();

    assertThat(text).isEqualTo("I really like R&D <3, café ét&eacute; &unknown; \uFFFD \uFFFD");
  }

  @Test
  void shouldSplitACueWithSeveralVoicesIntoOneSegmentPerVoice() {
    List<ParsedSegment> segments =
        parse(
                VTT,
                "WEBVTT\n\n00:01.000 --> 00:03.000\n"
                    + "Well, <v Ana>hi Ben.</v> <v Ben>Hi Ana.</v> Good\n<v Ben>to see you.\n")
            .segments();

    assertThat(segments)
        .containsExactly(
            new ParsedSegment(0, 3, "Ana", 1_000, 3_000, "Well, hi Ben."),
            new ParsedSegment(1, 3, "Ben", 1_000, 3_000, "Hi Ana. Good to see you."));
  }

  @Test
  void shouldTakeTheSpeakerFromANamePrefixWhenThereIsNoVoiceTag() {
    List<ParsedSegment> segments =
        parse(
                VTT,
                """
                WEBVTT

                1
                00:00:01.000 --> 00:00:02.000
                Ana Lima: Shall we start?

                2
                00:00:02.000 --> 00:00:03.000
                Nobody said who this is.
                """)
            .segments();

    assertThat(segments)
        .extracting(ParsedSegment::speaker, ParsedSegment::text)
        .containsExactly(
            tuple("Ana Lima", "Shall we start?"), tuple("unknown", "Nobody said who this is."));
  }

  @Test
  void shouldSkipCuesWithoutText() {
    List<ParsedSegment> segments =
        parse(
                VTT,
                "WEBVTT\n\n00:01.000 --> 00:02.000\n\n00:02.000 --> 00:03.000\n<v Ana><i></i>\n\n"
                    + "00:03.000 --> 00:04.000\n<v Ana>Now.\n")
            .segments();

    assertThat(segments).extracting(ParsedSegment::startMs).containsExactly(3_000L);
  }

  @Test
  void shouldAcceptByteOrderMarkCrLfAndACueRightUnderTheHeader() {
    List<ParsedSegment> segments =
        parse(VTT, "\uFEFFWEBVTT\r\n00:01.000 --> 00:02.000\r\n<v Ana>Hi.\r\n").segments();

    assertThat(segments).extracting(ParsedSegment::speaker).containsExactly("Ana");
  }

  @Test
  void shouldStartANewCueAtATimingLineEvenWithoutABlankLine() {
    List<ParsedSegment> segments =
        parse(
                VTT,
                "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ana>One.\n"
                    + "00:02.000 --> 00:03.000\n<v Ben>Two.\n")
            .segments();

    assertThat(segments).extracting(ParsedSegment::speaker).containsExactly("Ana", "Ben");
  }

  @Test
  void shouldRejectAFileWithoutTheHeaderOnLine1() {
    TranscriptFormatException rejection = rejection(VTT, "00:01.000 --> 00:02.000\nHi.\n");

    assertThat(rejection.line()).isEqualTo(1);
    assertThat(rejection).hasMessageContaining("expected the header WEBVTT");
  }

  @Test
  void shouldRejectAnEndTimeThatIsNotATimestampNamingItsLine() {
    TranscriptFormatException rejection =
        rejection(
            VTT,
            "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>Fine.\n\n"
                + "00:00:02.000 --> 00:01:0x.000\n<v Ben>Broken.\n");

    assertThat(rejection)
        .hasMessage("line 6: end time 00:01:0x.000 is not a timestamp (hh:mm:ss.ttt or mm:ss.ttt)");
    assertThat(rejection.line()).isEqualTo(6);
  }

  @Test
  void shouldRejectMinutesOrSecondsPast59() {
    assertThat(rejection(VTT, "WEBVTT\n\n00:60.000 --> 01:00.000\nHi.\n"))
        .hasMessageStartingWith("line 3: start time 00:60.000 is not a timestamp");
    assertThat(rejection(VTT, "WEBVTT\n\n00:00.000 --> 00:00:60.000\nHi.\n"))
        .hasMessageStartingWith("line 3: end time 00:00:60.000 is not a timestamp");
  }

  @Test
  void shouldRejectANegativeStartNamingItsLine() {
    assertThat(rejection(VTT, "WEBVTT\n\n-00:00:01.000 --> 00:00:02.000\nHi.\n"))
        .hasMessageStartingWith("line 3: start time -00:00:01.000 is not a timestamp");
  }

  @Test
  void shouldRejectACueThatEndsBeforeItStartsNamingItsLine() {
    TranscriptFormatException rejection =
        rejection(VTT, "WEBVTT\n\ncue-1\n00:00:05.000 --> 00:00:04.000\nBackwards.\n");

    assertThat(rejection)
        .hasMessage("line 4: end time 00:00:04.000 is before start time 00:00:05.000");
  }

  @Test
  void shouldRejectABlockThatIsNoCue() {
    TranscriptFormatException rejection =
        rejection(VTT, "WEBVTT\n\n00:01.000 --> 00:02.000\nHi.\n\nJust some text\nand more\n");

    assertThat(rejection.line()).isEqualTo(6);
    assertThat(rejection)
        .hasMessageContaining("expected a cue timing")
        .hasMessageContaining("'Just some text'");
  }

  @Test
  void shouldRejectATimingLineWithoutSpacesAroundTheArrow() {
    assertThat(rejection(VTT, "WEBVTT\n\n00:01.000-->00:02.000\nHi.\n"))
        .hasMessageStartingWith("line 3: expected a cue timing");
  }

  @Test
  void shouldRejectAFileWithNoCues() {
    TranscriptFormatException rejection = rejection(VTT, "WEBVTT\n\nNOTE nothing said yet\n");

    assertThat(rejection).hasMessage("line 1: the WebVTT file has no cues with text");
  }
}
