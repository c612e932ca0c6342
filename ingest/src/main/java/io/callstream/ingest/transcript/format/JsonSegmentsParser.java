package io.callstream.ingest.transcript.format;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Our own JSON ({@code application/json}): {@code {"segments": [{"speaker", "startMs", "endMs",
 * "text"}, ...]}}, times in milliseconds. Errors name the field, {@code segments[3].endMs}, and its
 * line.
 *
 * <ul>
 *   <li>{@code speaker} may be null or absent ({@code unknown}), but not blank.
 *   <li>{@code startMs} and {@code endMs} are whole numbers, not negative, the end not before the
 *       start; {@code text} is a string, not blank.
 *   <li>Other fields, of the root object or of a segment, are ignored.
 * </ul>
 */
public final class JsonSegmentsParser implements TranscriptParser {

  private static final String SEGMENTS = "segments";

  @Override
  public ParsedTranscript parse(byte[] content) {
    return JsonInput.rootArray(
        content,
        SEGMENTS,
        "segments is missing: expected {\"segments\": [...]}",
        JsonSegmentsParser::segments);
  }

  private static ParsedTranscript segments(JsonParser parser) {
    int line = JsonInput.line(parser);
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw new TranscriptFormatException(line, "segments must be an array");
    }
    TranscriptBuilder segments = new TranscriptBuilder();
    for (int index = 0; parser.nextToken() != JsonToken.END_ARRAY; index++) {
      segment(parser, "segments[" + index + "]", segments);
    }
    return segments.inFileOrder(line, "segments must not be empty");
  }

  private static void segment(JsonParser parser, String at, TranscriptBuilder segments) {
    int line = JsonInput.line(parser);
    if (parser.currentToken() == JsonToken.VALUE_NULL) {
      throw new TranscriptFormatException(line, at + " must not be null");
    }
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw new TranscriptFormatException(line, at + " must be an object");
    }
    @Nullable String speaker = null;
    long startMs = -1;
    long endMs = -1;
    int endLine = line;
    @Nullable String text = null;
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      switch (name) {
        case "speaker" -> speaker = speaker(parser, at + ".speaker");
        case "startMs" -> startMs = millis(parser, at + ".startMs");
        case "endMs" -> {
          endMs = millis(parser, at + ".endMs");
          endLine = JsonInput.line(parser);
        }
        case "text" -> text = text(parser, at + ".text");
        default -> parser.skipChildren();
      }
    }
    if (startMs < 0) {
      throw new TranscriptFormatException(line, at + ".startMs is missing");
    }
    if (endMs < 0) {
      throw new TranscriptFormatException(line, at + ".endMs is missing");
    }
    if (endMs < startMs) {
      throw new TranscriptFormatException(
          endLine, at + ".endMs " + endMs + " is before startMs " + startMs);
    }
    if (text == null) {
      throw new TranscriptFormatException(line, at + ".text is missing");
    }
    segments.add(line, speaker == null ? "unknown" : speaker, startMs, endMs, text);
  }

  private static @Nullable String speaker(JsonParser parser, String at) {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    String speaker = string(parser, at);
    if (speaker.isBlank()) {
      throw new TranscriptFormatException(JsonInput.line(parser), at + " must not be blank");
    }
    if (speaker.indexOf('\0') >= 0) {
      throw new TranscriptFormatException(
          JsonInput.line(parser), at + " must not contain NUL characters");
    }
    return speaker;
  }

  private static String text(JsonParser parser, String at) {
    String text = string(parser, at);
    if (text.isBlank()) {
      throw new TranscriptFormatException(JsonInput.line(parser), at + " must not be blank");
    }
    return text;
  }

  private static String string(JsonParser parser, String at) {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw new TranscriptFormatException(JsonInput.line(parser), at + " must be a string");
    }
    return parser.getString();
  }

  /** A whole, non-negative number of milliseconds. */
  private static long millis(JsonParser parser, String at) {
    int line = JsonInput.line(parser);
    if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
        || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new TranscriptFormatException(line, at + " must be a whole number of milliseconds");
    }
    long millis = parser.getLongValue();
    if (millis < 0) {
      throw new TranscriptFormatException(line, at + " must not be negative, was " + millis);
    }
    return millis;
  }
}
