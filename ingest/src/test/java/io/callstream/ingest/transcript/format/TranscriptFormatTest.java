package io.callstream.ingest.transcript.format;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TranscriptFormatTest {

  private static final byte[] OURS = "{\"segments\": []}".getBytes(UTF_8);
  private static final byte[] QMSUM = "{\"meeting_transcripts\": []}".getBytes(UTF_8);

  @ParameterizedTest
  @CsvSource({
    "json, JSON",
    "vtt, WEBVTT",
    "SRT, SRT",
    "' text ', TEXT",
    "ami-da, AMI_DA",
    "qmsum, QMSUM"
  })
  void shouldChooseTheFormatNamedByTheParameterWhateverTheContentType(
      String parameter, TranscriptFormat expected) {
    assertThat(TranscriptFormat.select(parameter, "application/octet-stream", OURS))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "text/vtt, WEBVTT",
    "'text/vtt; charset=utf-8', WEBVTT",
    "application/x-subrip, SRT",
    "TEXT/PLAIN, TEXT",
    "text/tab-separated-values, AMI_DA"
  })
  void shouldChooseTheFormatByContentTypeWithoutAParameter(
      String contentType, TranscriptFormat expected) {
    assertThat(TranscriptFormat.select(null, contentType, OURS)).isEqualTo(expected);
  }

  @Test
  void shouldReadJsonAsOursUnlessItHasMeetingTranscripts() {
    assertThat(TranscriptFormat.select(null, "application/json", OURS))
        .isEqualTo(TranscriptFormat.JSON);
    assertThat(TranscriptFormat.select(null, "application/json;charset=UTF-8", QMSUM))
        .isEqualTo(TranscriptFormat.QMSUM);
    assertThat(TranscriptFormat.select(null, "application/json", "not json".getBytes(UTF_8)))
        .isEqualTo(TranscriptFormat.JSON);
  }

  @Test
  void shouldRejectAnUnknownFormatListingTheKnownOnes() {
    assertThatThrownBy(() -> TranscriptFormat.select("docx", "text/plain", OURS))
        .isInstanceOf(UnsupportedTranscriptFormatException.class)
        .hasMessageContaining("unknown transcript format 'docx'")
        .hasMessageContaining("json, vtt, srt, text, ami-da, qmsum")
        .hasMessageContaining(
            "application/json, text/vtt, application/x-subrip, text/plain,"
                + " text/tab-separated-values");
    assertThatThrownBy(() -> TranscriptFormat.select(null, "application/pdf", OURS))
        .isInstanceOf(UnsupportedTranscriptFormatException.class)
        .hasMessageContaining("content type 'application/pdf' is not a transcript format");
    assertThatThrownBy(() -> TranscriptFormat.select(null, null, OURS))
        .isInstanceOf(UnsupportedTranscriptFormatException.class)
        .hasMessageContaining("give a format parameter or a Content-Type");
  }
}
