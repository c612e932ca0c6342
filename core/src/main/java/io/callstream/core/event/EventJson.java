package io.callstream.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON form of events: the CloudEvents {@code data} on Kafka, and what the JSON Schemas in
 * {@code schemas/} describe. Thread-safe.
 *
 * <p>The mapper is as strict as the schemas ({@code additionalProperties: false}): unknown fields,
 * nulls for numbers, numbers for enums and strings for numbers are errors, because a type's data
 * only changes under a new type version. Times are ISO-8601 strings, ciphertext is base64, absent
 * optional fields are left out, and map keys are sorted so the same event always has the same
 * bytes.
 */
public final class EventJson {

  private static final ObjectMapper MAPPER = newObjectMapper();

  private EventJson() {}

  /** The {@code data} bytes of an event: UTF-8 JSON. */
  public static byte[] write(CallstreamEvent event) {
    Checks.notNull(event, "event");
    try {
      return MAPPER.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      // records hold only types the mapper knows, so this is a bug, not bad input
      throw new UncheckedIOException("cannot write " + event.type() + " as JSON", e);
    }
  }

  /**
   * Reads the {@code data} of an event of the given type.
   *
   * @throws IOException if the bytes are not JSON, do not match the type, or break a record's
   *     invariant (the message says which field)
   */
  public static CallstreamEvent read(byte[] json, EventType type) throws IOException {
    return read(json, type.eventClass());
  }

  /**
   * Reads the {@code data} of an event of the given record class.
   *
   * @throws IOException if the bytes are not JSON, do not match the class, or break a record's
   *     invariant (the message says which field)
   */
  public static <E extends CallstreamEvent> E read(byte[] json, Class<E> eventClass)
      throws IOException {
    Checks.notNull(json, "json");
    Checks.notNull(eventClass, "eventClass");
    return MAPPER.readValue(json, eventClass);
  }

  /**
   * A new mapper configured like the one this class uses, for callers that need the JSON form of
   * events elsewhere (for example to store it). A new one each time: Jackson 2 mappers are mutable,
   * and a shared one must not be reconfigured behind our back.
   */
  public static ObjectMapper newObjectMapper() {
    SimpleModule ciphertext =
        new SimpleModule("callstream-ciphertext")
            .addSerializer(Ciphertext.class, new CiphertextSerializer())
            .addDeserializer(Ciphertext.class, new CiphertextDeserializer());
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .addModule(ciphertext)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .defaultPropertyInclusion(
            JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build();
  }

  /** Ciphertext as a base64 string rather than an object with a {@code bytes} field. */
  private static final class CiphertextSerializer extends StdSerializer<Ciphertext> {

    CiphertextSerializer() {
      super(Ciphertext.class);
    }

    @Override
    public void serialize(Ciphertext value, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      generator.writeBinary(value.bytes());
    }
  }

  private static final class CiphertextDeserializer extends StdDeserializer<Ciphertext> {

    CiphertextDeserializer() {
      super(Ciphertext.class);
    }

    @Override
    public Ciphertext deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        return (Ciphertext) context.handleUnexpectedToken(Ciphertext.class, parser);
      }
      byte[] bytes = parser.getBinaryValue();
      if (bytes.length == 0) {
        throw context.weirdStringException(
            parser.getText(), Ciphertext.class, "ciphertext must not be empty");
      }
      return Ciphertext.of(bytes);
    }
  }
}
