package io.callstream.ingest.transcript.format;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Parses test content given as text, and catches the rejection of content that must fail. */
final class Parsing {

  private Parsing() {}

  static ParsedTranscript parse(TranscriptFormat format, String content) {
    return format.parser().parse(content.getBytes(UTF_8));
  }

  static TranscriptFormatException rejection(TranscriptFormat format, String content) {
    return rejection(format, content.getBytes(UTF_8));
  }

  static TranscriptFormatException rejection(TranscriptFormat format, byte[] content) {
    TranscriptFormatException rejection =
        catchThrowableOfType(TranscriptFormatException.class, () -> format.parser().parse(content));
    if (rejection == null) {
      throw new AssertionError(format + " accepted content it should have rejected");
    }
    return rejection;
  }
}
