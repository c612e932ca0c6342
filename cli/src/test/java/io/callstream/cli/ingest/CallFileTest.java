package io.callstream.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.cli.CliException;
import io.callstream.cli.ExitCode;
import io.callstream.ingest.transcript.format.TranscriptFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallFileTest {

  @TempDir Path directory;

  private Path file(String name, byte[] content) throws IOException {
    return Files.write(directory.resolve(name), content);
  }

  private Path file(String name, String content) throws IOException {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldTellAudioByItsFirstBytesWhateverItsName() throws IOException {
    byte[] wav = "RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.US_ASCII);

    CallFile call = CallFile.of(file("recording.bin", wav), null);

    assertThat(call.audio()).isTrue();
    assertThat(call.mediaType()).isEqualTo("audio/wav");
  }

  @Test
  void shouldTellMp3FlacAndOggFromTheirMagic() {
    assertThat(CallFile.sniffAudio("ID3\u0004".getBytes(StandardCharsets.ISO_8859_1)))
        .isEqualTo("audio/mpeg");
    assertThat(CallFile.sniffAudio("fLaC".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("audio/flac");
    assertThat(CallFile.sniffAudio("OggS".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("audio/ogg");
    assertThat(CallFile.sniffAudio(new byte[] {(byte) 0xFF, (byte) 0xF1})).isEqualTo("audio/aac");
    assertThat(CallFile.sniffAudio("Ann: hello".getBytes(StandardCharsets.US_ASCII))).isNull();
  }

  @Test
  void shouldTellTranscriptFormatsByExtensionAndContent() throws IOException {
    assertThat(CallFile.of(file("a.vtt", "WEBVTT\n"), null).format())
        .isEqualTo(TranscriptFormat.WEBVTT);
    assertThat(CallFile.of(file("a.da", "x\t0\t1\tA\n"), null).format())
        .isEqualTo(TranscriptFormat.AMI_DA);
    assertThat(CallFile.of(file("notes", "Ann: hello\n"), null).format())
        .isEqualTo(TranscriptFormat.TEXT);
    assertThat(CallFile.of(file("m.json", "{\"meeting_transcripts\": []}"), null).format())
        .isEqualTo(TranscriptFormat.QMSUM);
    assertThat(CallFile.of(file("s.json", "{\"segments\": []}"), null).format())
        .isEqualTo(TranscriptFormat.JSON);
  }

  @Test
  void shouldLetFormatOptionWin() throws IOException {
    Path text = file("meeting.txt", "WEBVTT\n");

    assertThat(CallFile.of(text, "srt").format()).isEqualTo(TranscriptFormat.SRT);
    assertThat(CallFile.of(text, "audio").audio()).isTrue();
  }

  @Test
  void shouldRefuseMissingEmptyAndUnknownAsUsageErrors() throws IOException {
    assertThatThrownBy(() -> CallFile.of(directory.resolve("missing.vtt"), null))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessageContaining("no such file");
    assertThatThrownBy(() -> CallFile.of(file("empty.vtt", ""), null))
        .hasMessageContaining("is empty");
    assertThatThrownBy(() -> CallFile.of(file("a.txt", "x"), "docx"))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessageContaining("unknown transcript format 'docx'");
  }
}
