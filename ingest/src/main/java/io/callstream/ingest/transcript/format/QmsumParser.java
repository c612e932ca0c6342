package io.callstream.ingest.transcript.format;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * QMSum meeting JSON: {@code {"meeting_transcripts": [{"speaker", "content"}, ...], ...}}, one turn
 * per entry. The other fields (topics, queries and answers) are references for evaluation, not
 * transcript, and are skipped.
 *
 * <p>QMSum has no times: each turn starts where the one before it ends, the first at 0, and lasts
 * as long as its words take at 150 words per minute. Text, corpus markup included, is kept as it
 * is.
 */
public final class QmsumParser implements TranscriptParser {

  private static final String TURNS = "meeting_transcripts";

  /**
   * Whether {@code content} is a JSON object with a top-level {@code meeting_transcripts}: how a
   * QMSum file sent as {@code application/json} is told from ours. Never throws: anything that is
   * not such JSON answers false.
   */
  static boolean isQmsum(byte[] content) {
    try (JsonParser parser = JsonInput.open(content)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        if (TURNS.equals(parser.currentName())) {
          return true;
        }
        parser.nextToken();
        parser.skipChildren();
      }
      return false;
    } catch (JacksonException e) {
      return false;
    }
  }

  @Override
  public ParsedTranscript parse(byte[] content) {
    return JsonInput.rootArray(content, TURNS, TURNS + " is missing", QmsumParser::turns);
  }

  private static ParsedTranscript turns(JsonParser parser) {
    int line = JsonInput.line(parser);
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw new TranscriptFormatException(line, TURNS + " must be an array");
    }
    TranscriptBuilder segments = new TranscriptBuilder();
    long start = 0;
    for (int index = 0; parser.nextToken() != JsonToken.END_ARRAY; index++) {
      start = turn(parser, TURNS + "[" + index + "]", start, segments);
    }
    return segments.inFileOrder(line, TURNS + " must not be empty");
  }

  /** Reads one turn that starts at {@code start}; answers where it ends. */
  private static long turn(JsonParser parser, String at, long start, TranscriptBuilder segments) {
    int line = JsonInput.line(parser);
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw new TranscriptFormatException(line, at + " must be an object");
    }
    @Nullable String speaker = null;
    @Nullable String content = null;
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      switch (name) {
        case "speaker" -> speaker = string(parser, at + ".speaker");
        case "content" -> content = string(parser, at + ".content");
        default -> parser.skipChildren();
      }
    }
    if (speaker == null) {
      throw new TranscriptFormatException(line, at + ".speaker is missing");
    }
    if (content == null) {
      throw new TranscriptFormatException(line, at + ".content is missing");
    }
    long end = start + SpeechTiming.durationMs(content);
    segments.add(line, speaker, start, end, content);
    return end;
  }

  private static String string(JsonParser parser, String at) {
    int line = JsonInput.line(parser);
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw new TranscriptFormatException(line, at + " must be a string");
    }
    String value = parser.getString();
    if (value.isBlank()) {
      throw new TranscriptFormatException(line, at + " must not be blank");
    }
    return value;
  }
}
