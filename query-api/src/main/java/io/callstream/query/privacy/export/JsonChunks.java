package io.callstream.query.privacy.export;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one JSON document as a stream of byte chunks: punctuation by hand, each value by the
 * mapper, so a document of any size is written one value at a time. Thread-safe.
 */
final class JsonChunks {

  private static final byte[] NULL = bytes("null");

  private final JsonMapper json;

  JsonChunks(JsonMapper json) {
    this.json = Objects.requireNonNull(json, "json must not be null");
  }

  /** Literal JSON text: braces, commas, {@code "name":}. */
  static Flux<byte[]> raw(String text) {
    return Flux.just(bytes(text));
  }

  /** {@code ,"name":} (or without the comma for the first member of an object). */
  Flux<byte[]> name(String name, boolean first) {
    return Flux.just(bytes((first ? "" : ",") + json.writeValueAsString(name) + ":"));
  }

  /** The value, or {@code null} when {@code value} is empty. */
  Flux<byte[]> value(Mono<?> value) {
    return value.map(json::writeValueAsBytes).defaultIfEmpty(NULL).flux();
  }

  /** A JSON array of the values. */
  Flux<byte[]> array(Flux<?> values) {
    return Flux.concat(
        raw("["),
        values
            .index()
            .map(item -> separated(item.getT1() == 0, json.writeValueAsBytes(item.getT2()))),
        raw("]"));
  }

  /** A JSON array of elements that are themselves written as chunks. */
  static Flux<byte[]> arrayOfChunks(Flux<Publisher<byte[]>> elements) {
    return Flux.concat(
        raw("["),
        elements
            .index()
            .concatMap(
                element ->
                    element.getT1() == 0
                        ? Flux.from(element.getT2())
                        : Flux.concat(raw(","), element.getT2())),
        raw("]"));
  }

  private static byte[] separated(boolean first, byte[] value) {
    if (first) {
      return value;
    }
    byte[] withComma = new byte[value.length + 1];
    withComma[0] = ',';
    System.arraycopy(value, 0, withComma, 1, value.length);
    return withComma;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
