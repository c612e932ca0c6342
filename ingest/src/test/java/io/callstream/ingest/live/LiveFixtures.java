package io.callstream.ingest.live;

import io.callstream.ingest.testing.TestWorkspace;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live-feed messages as clients write them: JSON text built from plain maps, so the tests pin the
 * wire format rather than the service's own types; and the paths of a call's live endpoints.
 */
final class LiveFixtures {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private LiveFixtures() {}

  /** A final segment message. */
  static String segment(long sequence, String speaker, long startMs, long endMs, String text) {
    return segment(sequence, speaker, startMs, endMs, text, true);
  }

  /** An interim segment message, which a later one with the same sequence replaces. */
  static String interim(long sequence, String speaker, long startMs, long endMs, String text) {
    return segment(sequence, speaker, startMs, endMs, text, false);
  }

  /** A segment message. */
  static String segment(
      long sequence, String speaker, long startMs, long endMs, String text, boolean finalResult) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("sequence", sequence);
    message.put("speaker", speaker);
    message.put("startMs", startMs);
    message.put("endMs", endMs);
    message.put("text", text);
    message.put("final", finalResult);
    return JSON.writeValueAsString(message);
  }

  /** {@code {"end": true}}. */
  static String end() {
    return "{\"end\": true}";
  }

  /** A reply line or message as JSON. */
  static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  /** {@code .../calls/<callId>/live}. */
  static String live(TestWorkspace workspace, String callId) {
    return workspace.calls() + "/" + callId + "/live";
  }

  /** {@code .../calls/<callId>/segments}. */
  static String segments(TestWorkspace workspace, String callId) {
    return workspace.calls() + "/" + callId + "/segments";
  }

  /** {@code .../calls/<callId>/end}. */
  static String end(TestWorkspace workspace, String callId) {
    return workspace.calls() + "/" + callId + "/end";
  }
}
