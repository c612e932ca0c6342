package io.callstream.core.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON form of result documents (mindmaps and insight bodies), which travel encrypted inside
 * result events: Flink writes them, the query API reads them. Thread-safe.
 */
public final class ResultJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private ResultJson() {}

  /** UTF-8 JSON of a mindmap root or an insight body. */
  public static byte[] write(Object document) {
    if (!(document instanceof MindmapNode || document instanceof InsightBody)) {
      throw new IllegalArgumentException("not a result document: " + document);
    }
    try {
      return MAPPER.writeValueAsBytes(document);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write " + document.getClass().getSimpleName(), e);
    }
  }

  /** Reads a mindmap written by {@link #write}; the root node. */
  public static MindmapNode readMindmap(byte[] json) throws IOException {
    return MAPPER.readValue(json, MindmapNode.class);
  }

  /** Reads an insight body written by {@link #write}. */
  public static InsightBody readInsight(byte[] json) throws IOException {
    return MAPPER.readValue(json, InsightBody.class);
  }
}
