package io.callstream.ingest.transcript.format;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/**
 * JSON read as a token stream, which knows the line of every token: a tree would have lost it by
 * the time a field turns out to be wrong.
 */
final class JsonInput {

  private static final JsonFactory FACTORY = new JsonFactory();

  private static final int MESSAGE_LIMIT = 200;

  private JsonInput() {}

  static JsonParser open(String json) {
    return FACTORY.createParser(ObjectReadContext.empty(), json);
  }

  static JsonParser open(byte[] json) {
    return FACTORY.createParser(ObjectReadContext.empty(), json);
  }

  /** The 1-based line of the current token. */
  static int line(JsonParser parser) {
    return Math.max(1, parser.currentTokenLocation().getLineNr());
  }

  /** Reads the array under a property of the root object. */
  interface ArrayReader {
    ParsedTranscript read(JsonParser parser);
  }

  /**
   * Parses a document whose root object holds the transcript as one array property ({@code
   * property}); other properties are skipped. Every failure is a {@link TranscriptFormatException}
   * with its line.
   */
  static ParsedTranscript rootArray(
      byte[] content, String property, String missing, ArrayReader array) {
    String json = TranscriptText.decode(content);
    try (JsonParser parser = open(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new TranscriptFormatException(
            line(parser), "expected a JSON object {\"" + property + "\": [...]}");
      }
      @Nullable ParsedTranscript transcript = null;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        if (!property.equals(name)) {
          parser.skipChildren();
        } else if (transcript != null) {
          throw new TranscriptFormatException(line(parser), property + " appears twice");
        } else {
          transcript = array.read(parser);
        }
      }
      requireEnd(parser);
      if (transcript == null) {
        throw new TranscriptFormatException(1, missing);
      }
      return transcript;
    } catch (JacksonException e) {
      throw malformed(e);
    }
  }

  /** Fails unless the document ends after its root value. */
  static void requireEnd(JsonParser parser) {
    JsonToken after = parser.nextToken();
    if (after != null) {
      throw new TranscriptFormatException(
          line(parser), "unexpected " + after.asString() + " after the end of the JSON object");
    }
  }

  /** Jackson's own account of malformed JSON, with its line. */
  static TranscriptFormatException malformed(JacksonException e) {
    String message = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
    if (message.length() > MESSAGE_LIMIT) {
      message = message.substring(0, MESSAGE_LIMIT) + "...";
    }
    TokenStreamLocation location = e.getLocation();
    int line = location == null ? 1 : Math.max(1, location.getLineNr());
    return new TranscriptFormatException(line, "malformed JSON: " + message);
  }
}
