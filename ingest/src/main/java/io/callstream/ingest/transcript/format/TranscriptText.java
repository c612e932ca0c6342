package io.callstream.ingest.transcript.format;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Bytes to text and text to lines, the same way for every format. */
final class TranscriptText {

  private static final int QUOTE_LIMIT = 60;

  private TranscriptText() {}

  /**
   * Decodes strict UTF-8: a malformed sequence is an error that names its line and byte offset,
   * never a replacement character. A leading byte order mark is dropped.
   *
   * @throws TranscriptFormatException if the content is not UTF-8, or empty or only whitespace
   */
  static String decode(byte[] content) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(content);
    // UTF-8 never gives more chars than bytes, so the output cannot overflow.
    CharBuffer out = CharBuffer.allocate(content.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      throw new TranscriptFormatException(
          lineAt(content, offset),
          String.format(
              "byte 0x%02X at offset %d is not valid UTF-8 (transcripts must be UTF-8)",
              content[offset] & 0xFF, offset));
    }
    String text = out.flip().toString();
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.isBlank()) {
      throw new TranscriptFormatException(1, "the transcript is empty");
    }
    return text;
  }

  /** The lines of {@code text}, split at LF, CRLF or CR; a final line break ends no extra line. */
  static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r') {
        lines.add(text.substring(start, i));
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    if (start < text.length()) {
      lines.add(text.substring(start));
    }
    return lines;
  }

  /** {@code value} in single quotes for a message, cut short if long. */
  static String quote(String value) {
    return "'" + shown(value) + "'";
  }

  /** {@code value} for a message, cut short if long: a message never repeats a whole file. */
  static String shown(String value) {
    return value.length() <= QUOTE_LIMIT ? value : value.substring(0, QUOTE_LIMIT - 3) + "...";
  }

  /** The 1-based line of byte {@code offset}, counting line breaks as {@link #lines} does. */
  private static int lineAt(byte[] content, int offset) {
    int line = 1;
    // i + 1 <= offset < content.length: a CR is always followed by another byte here
    for (int i = 0; i < offset; i++) {
      if (content[i] == '\n' || (content[i] == '\r' && content[i + 1] != '\n')) {
        line++;
      }
    }
    return line;
  }
}
