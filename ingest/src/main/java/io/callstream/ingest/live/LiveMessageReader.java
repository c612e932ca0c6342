package io.callstream.ingest.live;

import io.callstream.ingest.segment.SegmentDraft;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one message of a live feed: a segment {@code {"sequence": 0, "speaker": "Ana", "startMs":
 * 0, "endMs": 1500, "text": "Hello.", "final": true}} or an end {@code {"end": true}}. Anything
 * else becomes an {@link LiveMessage.Unreadable} that names the field at fault, never an exception.
 * Thread-safe.
 *
 * <p>{@code sequence}, {@code startMs}, {@code endMs} and {@code text} are required; {@code
 * speaker} is optional; {@code final} defaults to true. Unknown fields are rejected rather than
 * ignored, so that a misspelt {@code final} does not silently turn an interim into a final.
 */
public final class LiveMessageReader {

  /**
   * Longest message, in bytes of UTF-8: a segment message is a few hundred; this one would hold
   * twenty minutes of speech.
   */
  public static final int MAX_MESSAGE_BYTES = 16 * 1024;

  private static final Set<String> FIELDS =
      Set.of("sequence", "speaker", "startMs", "endMs", "text", "final");

  private final ObjectReader json;

  public LiveMessageReader(JsonMapper json) {
    this.json =
        Objects.requireNonNull(json, "json must not be null")
            .reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
  }

  /**
   * Reads {@code utf8}, the bytes of the message at {@code position}. Bytes that are not UTF-8 make
   * it unreadable (400, naming the first bad byte and its offset in the message) rather than being
   * decoded to replacement characters: a segment's text is kept as sent, or not at all.
   */
  public LiveMessage read(Position position, byte[] utf8) {
    Objects.requireNonNull(position, "position must not be null");
    Objects.requireNonNull(utf8, "utf8 must not be null");
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(utf8);
    // UTF-8 never gives more chars than bytes, so the output cannot overflow.
    CharBuffer out = CharBuffer.allocate(utf8.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      return bad(
          position,
          null,
          null,
          String.format(
              Locale.ROOT,
              "byte 0x%02X at offset %d is not valid UTF-8 (messages must be UTF-8)",
              utf8[in.position()] & 0xFF,
              in.position()));
    }
    return read(position, out.flip().toString());
  }

  /** Reads {@code text}, the message at {@code position}. */
  public LiveMessage read(Position position, String text) {
    Objects.requireNonNull(position, "position must not be null");
    Objects.requireNonNull(text, "text must not be null");
    JsonNode node;
    try {
      node = json.readTree(text);
    } catch (JacksonException e) {
      TokenStreamLocation at = e.getLocation();
      return bad(
          position,
          null,
          null,
          "is not valid JSON"
              + (at == null ? "" : " (column " + at.getColumnNr() + ")")
              + ": "
              + e.getOriginalMessage());
    }
    if (node == null || node.isMissingNode()) {
      return bad(position, null, null, "is empty; expected a segment message");
    }
    if (!node.isObject()) {
      return bad(position, null, null, "must be a JSON object, was " + kind(node));
    }
    if (node.has("end")) {
      return node.size() == 1 && node.get("end").isBoolean() && node.get("end").booleanValue()
          ? new LiveMessage.End(position)
          : bad(position, null, "end", "an end message is {\"end\": true} and nothing else");
    }
    return segment(position, node);
  }

  private static LiveMessage segment(Position position, JsonNode node) {
    JsonNode sequenceNode = node.get("sequence");
    if (sequenceNode == null || !isCount(sequenceNode)) {
      return bad(
          position,
          null,
          "sequence",
          sequenceNode == null
              ? "sequence is missing"
              : "sequence must be a non-negative integer, was " + kind(sequenceNode));
    }
    long sequence = sequenceNode.longValue();
    for (String name : node.propertyNames()) {
      if (!FIELDS.contains(name)) {
        return bad(
            position,
            sequence,
            name,
            "unknown field '"
                + name
                + "'; a segment message has sequence, speaker, startMs, endMs, text and final");
      }
    }
    for (String name : new String[] {"startMs", "endMs"}) {
      JsonNode value = node.get(name);
      if (value == null || !isCount(value)) {
        return bad(
            position,
            sequence,
            name,
            value == null
                ? name + " is missing"
                : name + " must be a non-negative integer of milliseconds, was " + kind(value));
      }
    }
    JsonNode text = node.get("text");
    if (text == null || !text.isString()) {
      return bad(
          position,
          sequence,
          "text",
          text == null ? "text is missing" : "text must be a string, was " + kind(text));
    }
    JsonNode speaker = node.get("speaker");
    if (speaker != null && !speaker.isNull() && !speaker.isString()) {
      return bad(position, sequence, "speaker", "speaker must be a string, was " + kind(speaker));
    }
    JsonNode finalResult = node.get("final");
    if (finalResult != null && !finalResult.isBoolean()) {
      return bad(
          position, sequence, "final", "final must be true or false, was " + kind(finalResult));
    }
    return new LiveMessage.Segment(
        position,
        new SegmentDraft(
            sequence,
            speaker == null || speaker.isNull() ? null : speaker.stringValue(),
            node.get("startMs").longValue(),
            node.get("endMs").longValue(),
            text.stringValue(),
            finalResult == null || finalResult.booleanValue()));
  }

  private static boolean isCount(JsonNode node) {
    return node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0;
  }

  private static String kind(JsonNode node) {
    if (node.isNumber()) {
      return node.isIntegralNumber() ? "the number " + node : "a fraction";
    }
    if (node.isString()) {
      return "a string";
    }
    if (node.isBoolean()) {
      return String.valueOf(node.booleanValue());
    }
    if (node.isNull()) {
      return "null";
    }
    return node.isArray() ? "an array" : "an object";
  }

  private static LiveMessage.Unreadable bad(
      Position position, @Nullable Long sequence, @Nullable String field, String reason) {
    return new LiveMessage.Unreadable(position, sequence, field, HttpStatus.BAD_REQUEST, reason);
  }
}
