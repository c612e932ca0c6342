package io.callstream.ingest.transcript.format;

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
