package io.callstream.ingest.testing;

import io.callstream.core.id.Ids;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request bodies as clients send them: plain JSON maps, so the tests pin the wire format rather
 * than the service's own request records.
 */
public final class IngestFixtures {

  private IngestFixtures() {}

  /** A call body with a title and a source ({@code upload} or {@code live}). */
  public static Map<String, Object> call(String title, String source) {
    return Map.of("title", title, "source", source);
  }

  /** One transcript segment. */
  public static Map<String, Object> segment(String speaker, long startMs, long endMs, String text) {
    Map<String, Object> segment = new LinkedHashMap<>();
    segment.put("speaker", speaker);
    segment.put("startMs", startMs);
    segment.put("endMs", endMs);
    segment.put("text", text);
    return segment;
  }

  /** A transcript upload body: {@code {"segments": [...]}}. */
  @SafeVarargs
  public static Map<String, Object> transcript(Map<String, Object>... segments) {
    List<Map<String, Object>> list = new ArrayList<>(segments.length);
    for (Map<String, Object> segment : segments) {
      list.add(segment);
    }
    return transcript(list);
  }

  /** A transcript upload body of many segments. */
  public static Map<String, Object> transcript(List<Map<String, Object>> segments) {
    return Map.of("segments", List.copyOf(segments));
  }

  /** A call id that no workspace has. */
  public static String unknownCallId() {
    return Ids.timeOrdered();
  }
}
