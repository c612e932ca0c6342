package io.callstream.ingest.transcript.format;

import static io.callstream.ingest.transcript.format.Parsing.parse;
import static io.callstream.ingest.transcript.format.Parsing.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonSegmentsParserTest {

  private static final TranscriptFormat JSON = TranscriptFormat.JSON;

  private static String segments(String... segments) {
    return "{\"segments\": [\n" + String.join(",\n", segments) + "\n]}";
  }

  @Test
  void shouldReadSegmentsInOrderWithUnknownForAMissingSpeaker() {
    List<ParsedSegment> segments =
        parse(
                JSON,
                "{\"source\": {\"tool\": \"x\"}, "
                    + segments(
                            "{\"speaker\": \"Ana\", \"startMs\": 0, \"endMs\": 1500, \"text\": \"Hello.\","
                                + " \"confidence\": 0.9}",
                            "{\"speaker\": null, \"startMs\": 1500, \"endMs\": 1500, \"text\": \"Hm.\"}",
                            "{\"startMs\": 2000, \"endMs\": 2500, \"text\": \"Who?\"}")
                        .substring(1))
            .segments();

    assertThat(segments)
        .containsExactly(
            new ParsedSegment(0, 2, "Ana", 0, 1_500, "Hello."),
            new ParsedSegment(1, 3, "unknown", 1_500, 1_500, "Hm."),
            new ParsedSegment(2, 4, "unknown", 2_000, 2_500, "Who?"));
  }

  @Test
  void shouldRejectMissingOrEmptySegments() {
    assertThat(rejection(JSON, "{}")).hasMessageStartingWith("line 1: segments is missing");
    assertThat(rejection(JSON, "{\"segments\": []}"))
        .hasMessage("line 1: segments must not be empty");
    assertThat(rejection(JSON, "{\"segments\": null}"))
        .hasMessage("line 1: segments must be an array");
    assertThat(rejection(JSON, "[]")).hasMessageStartingWith("line 1: expected a JSON object");
  }

  @Test
  void shouldRejectASegmentThatIsNullOrNoObject() {
    String fine = "{\"speaker\": \"Ana\", \"startMs\": 0, \"endMs\": 1, \"text\": \"Hi\"}";

    assertThat(rejection(JSON, segments(fine, "null")))
        .hasMessage("line 3: segments[1] must not be null");
    assertThat(rejection(JSON, segments(fine, "[]")))
        .hasMessage("line 3: segments[1] must be an object");
  }

  @Test
  void shouldRejectTimesThatAreNotWholeNonNegativeMillisecondsNamingTheField() {
    assertThat(rejection(JSON, segments("{\"startMs\": \"0\", \"endMs\": 1, \"text\": \"Hi\"}")))
        .hasMessage("line 2: segments[0].startMs must be a whole number of milliseconds");
    assertThat(rejection(JSON, segments("{\"startMs\": 0, \"endMs\": 1.5, \"text\": \"Hi\"}")))
        .hasMessage("line 2: segments[0].endMs must be a whole number of milliseconds");
    assertThat(
            rejection(
                JSON,
                segments("{\"startMs\": 0, \"endMs\": 99999999999999999999, \"text\": \"Hi\"}")))
        .hasMessage("line 2: segments[0].endMs must be a whole number of milliseconds");
    assertThat(rejection(JSON, segments("{\"startMs\": -1, \"endMs\": 1, \"text\": \"Hi\"}")))
        .hasMessage("line 2: segments[0].startMs must not be negative, was -1");
    assertThat(rejection(JSON, segments("{\"startMs\": 0, \"text\": \"Hi\"}")))
        .hasMessage("line 2: segments[0].endMs is missing");
  }

  @Test
  void shouldRejectAnEndBeforeTheStartOnTheLineOfTheEnd() {
    assertThat(
            rejection(JSON, segments("{\"startMs\": 5000,\n \"endMs\": 4000, \"text\": \"Hi\"}")))
        .hasMessage("line 3: segments[0].endMs 4000 is before startMs 5000");
  }

  @Test
  void shouldRejectBadTextAndSpeakerNamingTheField() {
    assertThat(rejection(JSON, segments("{\"startMs\": 0, \"endMs\": 1, \"text\": \"  \"}")))
        .hasMessage("line 2: segments[0].text must not be blank");
    assertThat(rejection(JSON, segments("{\"startMs\": 0, \"endMs\": 1}")))
        .hasMessage("line 2: segments[0].text is missing");
    assertThat(rejection(JSON, segments("{\"startMs\": 0, \"endMs\": 1, \"text\": [\"Hi\"]}")))
        .hasMessage("line 2: segments[0].text must be a string");
    assertThat(
            rejection(
                JSON,
                segments("{\"speaker\": \" \", \"startMs\": 0, \"endMs\": 1, \"text\": \"Hi\"}")))
        .hasMessage("line 2: segments[0].speaker must not be blank");
    assertThat(
            rejection(
                JSON,
                segments(
                    "{\"speaker\": \"A\\u0000\", \"startMs\": 0, \"endMs\": 1, \"text\": \"Hi\"}")))
        .hasMessage("line 2: segments[0].speaker must not contain NUL characters");
  }

  @Test
  void shouldRejectMalformedJsonWithItsLine() {
    TranscriptFormatException rejection =
        rejection(JSON, "{\"segments\": [\n{\"startMs\": 0,\n\"endMs\": 1 \"text\": \"Hi\"}]}");

    assertThat(rejection.line()).isEqualTo(3);
    assertThat(rejection).hasMessageStartingWith("line 3: malformed JSON: ");
  }

  @Test
  void shouldRejectSegmentsGivenTwice() {
    String one = "[{\"startMs\": 0, \"endMs\": 1, \"text\": \"Hi\"}]";

    assertThat(rejection(JSON, "{\"segments\": " + one + ",\n\"segments\": " + one + "}"))
        .hasMessage("line 2: segments appears twice");
  }
}
