package io.callstream.analyzer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON form of {@link ChunkFindings}, in which a chunk's findings travel (encrypted) between
 * pipeline steps and rest in state. Thread-safe.
 */
public final class FindingsJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private FindingsJson() {}

  public static byte[] write(ChunkFindings findings) {
    try {
      return MAPPER.writeValueAsBytes(Require.notNull(findings, "findings"));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write findings", e);
    }
  }

  public static ChunkFindings read(byte[] json) throws IOException {
    return MAPPER.readValue(json, ChunkFindings.class);
  }
}
