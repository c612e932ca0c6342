package io.callstream.ingest.transcript.format;

import static io.callstream.ingest.transcript.format.Parsing.parse;
import static io.callstream.ingest.transcript.format.Parsing.rejection;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QmsumParserTest {

  private static final TranscriptFormat QMSUM = TranscriptFormat.QMSUM;

  @Test
  void shouldReadTurnsOneAfterAnotherAt150WordsPerMinuteSkippingOtherFields() {
    List<ParsedSegment> segments =
        parse(
                QMSUM,
                """
                {
                  "topic_list": [{"topic": "Intro", "relevant_text_span": [["0", "1"]]}],
                  "meeting_transcripts": [
                    {"speaker": "Project Manager", "content": "{vocalsound} Okay . Good morning"},
                    {"speaker": "Marketing", "content": "Morning .", "extra": [1, {"a": null}]}
                  ],
                  "general_query_list": []
                }
                """)
            .segments();

    assertThat(segments)
        .containsExactly(
            new ParsedSegment(
                0, 4, "Project Manager", 0, 2_000, "{vocalsound} Okay . Good morning"),
            new ParsedSegment(1, 5, "Marketing", 2_000, 2_800, "Morning ."));
  }

  @Test
  void shouldTellQmsumFromOurJsonByATopLevelMeetingTranscripts() {
    assertThat(
            QmsumParser.isQmsum(
                "{\"a\": {\"meeting_transcripts\": []}, \"meeting_transcripts\": 1}"
                    .getBytes(UTF_8)))
        .isTrue();
    assertThat(QmsumParser.isQmsum("{\"a\": {\"meeting_transcripts\": []}}".getBytes(UTF_8)))
        .isFalse();
    assertThat(QmsumParser.isQmsum("[{\"meeting_transcripts\": []}]".getBytes(UTF_8))).isFalse();
    assertThat(QmsumParser.isQmsum("{\"segments\": [".getBytes(UTF_8))).isFalse();
    assertThat(QmsumParser.isQmsum(new byte[] {(byte) 0xC3, 0x28})).isFalse();
  }

  @Test
  void shouldRejectAFileWithoutTurnsNamingTheField() {
    assertThat(rejection(QMSUM, "{\"topic_list\": []}"))
        .hasMessage("line 1: meeting_transcripts is missing");
    assertThat(rejection(QMSUM, "{\n\"meeting_transcripts\": {}}"))
        .hasMessage("line 2: meeting_transcripts must be an array");
    assertThat(rejection(QMSUM, "{\"meeting_transcripts\": []}"))
        .hasMessage("line 1: meeting_transcripts must not be empty");
  }

  @Test
  void shouldRejectABadTurnNamingItsIndexFieldAndLine() {
    String two = "{\"meeting_transcripts\": [\n{\"speaker\": \"A\", \"content\": \"Hi\"},\n";

    assertThat(rejection(QMSUM, two + "\"oops\"]}"))
        .hasMessage("line 3: meeting_transcripts[1] must be an object");
    assertThat(rejection(QMSUM, two + "{\"content\": \"Hi\"}]}"))
        .hasMessage("line 3: meeting_transcripts[1].speaker is missing");
    assertThat(rejection(QMSUM, two + "{\"speaker\": \"B\",\n \"content\": 42}]}"))
        .hasMessage("line 4: meeting_transcripts[1].content must be a string");
    assertThat(rejection(QMSUM, two + "{\"speaker\": \" \", \"content\": \"Hi\"}]}"))
        .hasMessage("line 3: meeting_transcripts[1].speaker must not be blank");
    assertThat(rejection(QMSUM, two + "{\"speaker\": \"B\\u0000\", \"content\": \"Hi\"}]}"))
        .hasMessage("line 3: speaker must not contain NUL characters");
  }

  @Test
  void shouldRejectMalformedJsonWithItsLine() {
    TranscriptFormatException rejection =
        rejection(QMSUM, "{\"meeting_transcripts\": [\n{\"speaker\": \"A\" \"content\": \"Hi\"}]}");

    assertThat(rejection.line()).isEqualTo(2);
    assertThat(rejection).hasMessageStartingWith("line 2: malformed JSON: ");
  }

  @Test
  void shouldRejectContentAfterTheObject() {
    assertThat(
            rejection(
                QMSUM,
                "{\"meeting_transcripts\": [{\"speaker\": \"A\", \"content\": \"Hi\"}]}\n{}"))
        .hasMessage("line 2: unexpected { after the end of the JSON object");
  }
}
