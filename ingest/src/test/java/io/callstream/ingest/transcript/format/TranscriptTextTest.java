package io.callstream.ingest.transcript.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What every format shares: strict UTF-8, empty files, line endings. */
class TranscriptTextTest {

  private static byte[] bytes(String before, int... invalid) {
    byte[] start = before.getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[start.length + invalid.length];
    System.arraycopy(start, 0, all, 0, start.length);
    for (int i = 0; i < invalid.length; i++) {
      all[start.length + i] = (byte) invalid[i];
    }
    return all;
  }

  @ParameterizedTest
  @EnumSource(TranscriptFormat.class)
  void shouldRejectInvalidUtf8NamingItsLineAndByteOffset(TranscriptFormat format) {
    TranscriptFormatException rejection =
        Parsing.rejection(format, bytes("Ana: ok\r\nBen: caf", 0xC3, 0x28, '\n'));

    assertThat(rejection)
        .hasMessage(
            "line 2: byte 0xC3 at offset 17 is not valid UTF-8 (transcripts must be UTF-8)");
  }

  @ParameterizedTest
  @EnumSource(TranscriptFormat.class)
  void shouldRejectAnEmptyOrBlankFile(TranscriptFormat format) {
    assertThat(Parsing.rejection(format, new byte[0]))
        .hasMessage("line 1: the transcript is empty");
    assertThat(Parsing.rejection(format, "\uFEFF \r\n\t\n"))
        .hasMessage("line 1: the transcript is empty");
  }

  @Test
  void shouldRejectOverlongEncodingsSurrogatesAndTruncatedSequences() {
    TranscriptFormat text = TranscriptFormat.TEXT;

    assertThat(Parsing.rejection(text, bytes("Ana: ", 0xC0, 0xAF)))
        .hasMessageStartingWith("line 1: byte 0xC0 at offset 5");
    assertThat(Parsing.rejection(text, bytes("Ana: ", 0xED, 0xA0, 0x80)))
        .hasMessageStartingWith("line 1: byte 0xED at offset 5");
    assertThat(Parsing.rejection(text, bytes("Ana: hi\rBen: ", 0xE2, 0x82)))
        .hasMessageStartingWith("line 2: byte 0xE2 at offset 13");
  }

  @Test
  void shouldSplitLinesAtLfCrLfAndCr() {
    assertThat(TranscriptText.lines("a\nb\r\nc\rd\n\ne\n"))
        .containsExactly("a", "b", "c", "d", "", "e");
  }
}
