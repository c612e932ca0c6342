package io.callstream.core.cloudevents;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.EventFixtures;
import io.callstream.core.event.EventType;
import io.callstream.core.event.InsightType;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON Schemas in {@code schemas/} against what the codec really produces, with the networknt
 * validator. Schemas are loaded by their {@code $id} (the events' {@code dataschema}), mapped to
 * the classpath, as a consumer with a schema registry would.
 */
class EventSchemaTest {

  private static final SchemaRegistry SCHEMAS =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder ->
              builder.schemaIdResolvers(
                  resolvers ->
                      resolvers.mapPrefix(
                          EventType.SCHEMA_ID_BASE,
                          "classpath:" + EventType.SCHEMA_RESOURCE_FOLDER)));

  private static final ObjectMapper JSON = new ObjectMapper();

  private final CloudEventCodec codec = CloudEventCodec.of("test");

  static Stream<CallstreamEvent> everyEventType() {
    return EventFixtures.oneOfEach().stream();
  }

  @ParameterizedTest
  @MethodSource("everyEventType")
  void shouldValidateCodecDataOfEveryEventTypeAgainstItsSchema(CallstreamEvent event) {
    String data = new String(codec.encode(event).value(), UTF_8);

    assertThat(validate(event.type(), data)).as(data).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("everyEventType")
  void shouldValidateDataWithOptionalFieldsAbsent(CallstreamEvent event) {
    ObjectNode data = dataOf(event);
    Set<String> optional = new TreeSet<>(componentNames(event.type()));
    optional.removeAll(requiredComponentNames(event.type()));
    optional.forEach(data::remove);

    assertThat(validate(event.type(), data.toString())).as(data.toString()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void shouldDescribeExactlyTheRecordComponents(EventType type) throws IOException {
    JsonNode schema = schemaDocument(type);

    assertThat(fieldNames(schema.get("properties")))
        .containsExactlyInAnyOrderElementsOf(componentNames(type));
    assertThat(valuesOf(schema.get("required")))
        .containsExactlyInAnyOrderElementsOf(requiredComponentNames(type));
    assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void shouldIdentifyEachSchemaByItsDataschema(EventType type) throws IOException {
    JsonNode schema = schemaDocument(type);

    assertThat(schema.get("$id").asText()).isEqualTo(type.schemaId().toString());
    assertThat(schema.get("$schema").asText())
        .isEqualTo(SpecificationVersion.DRAFT_2020_12.getDialectId());
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void shouldBeValidDraft202012Schemas(EventType type) throws IOException {
    Schema metaSchema =
        SCHEMAS.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));

    String schema = JSON.writeValueAsString(schemaDocument(type));

    assertThat(metaSchema.validate(schema, InputFormat.JSON)).isEmpty();
  }

  static Stream<Arguments> invalidSegments() {
    return Stream.of(
        invalid("missing text", data -> data.remove("text"), "required"),
        invalid("negative startMs", data -> data.put("startMs", -1), "minimum"),
        invalid("fractional endMs", data -> data.put("endMs", 1.5), "type"),
        invalid("unknown field", data -> data.put("mood", "happy"), "additionalProperties"),
        invalid("text not base64", data -> data.put("text", "not base64!"), "pattern"),
        invalid("empty text", data -> data.put("text", ""), "minLength"),
        invalid("finalResult as string", data -> data.put("finalResult", "yes"), "type"),
        invalid("blank speaker", data -> data.put("speaker", "  "), "pattern"),
        invalid("occurredAt not a date-time", data -> data.put("occurredAt", "today"), "format"),
        invalid("null callId", data -> data.putNull("callId"), "type"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidSegments")
  void shouldRejectInvalidTranscriptSegmentData(
      String description, Consumer<ObjectNode> breakIt, String keyword) {
    ObjectNode data = dataOf(EventFixtures.call().segment(0, "spk_0", 0, 900, "Hello"));
    breakIt.accept(data);

    assertThat(validate(EventType.TRANSCRIPT_SEGMENT, data.toString()))
        .extracting(Error::getKeyword)
        .contains(keyword);
  }

  @Test
  void shouldRejectUnknownEnumValue() {
    ObjectNode data =
        dataOf(EventFixtures.call().insight(InsightType.RISK, "Budget may slip", "seg-1"));
    data.put("insightType", "GOSSIP");

    assertThat(validate(EventType.INSIGHT_DETECTED, data.toString()))
        .extracting(Error::getKeyword)
        .containsExactly("enum");
  }

  @Test
  void shouldRejectInsightWithoutCitations() {
    ObjectNode data =
        dataOf(EventFixtures.call().insight(InsightType.RISK, "Budget may slip", "seg-1"));
    data.putArray("citedSegmentIds");

    assertThat(validate(EventType.INSIGHT_DETECTED, data.toString()))
        .extracting(Error::getKeyword)
        .containsExactly("minItems");
  }

  private List<Error> validate(EventType type, String data) {
    Schema schema = SCHEMAS.getSchema(SchemaLocation.of(type.schemaId().toString()));
    // format is only an annotation in 2020-12 unless asserted; we want date-time checked
    return schema.validate(
        data,
        InputFormat.JSON,
        context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
  }

  private ObjectNode dataOf(CallstreamEvent event) {
    try {
      return (ObjectNode) JSON.readTree(codec.encode(event).value());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Arguments invalid(
      String description, Consumer<ObjectNode> breakIt, String keyword) {
    return Arguments.of(description, breakIt, keyword);
  }

  private static JsonNode schemaDocument(EventType type) throws IOException {
    try (InputStream in =
        EventSchemaTest.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
      assertThat(in).as(type.schemaResource()).isNotNull();
      return JSON.readTree(in);
    }
  }

  private static List<String> componentNames(EventType type) {
    return Arrays.stream(type.eventClass().getRecordComponents())
        .map(RecordComponent::getName)
        .toList();
  }

  private static List<String> requiredComponentNames(EventType type) {
    return Arrays.stream(type.eventClass().getRecordComponents())
        .filter(component -> !component.getAnnotatedType().isAnnotationPresent(Nullable.class))
        .map(RecordComponent::getName)
        .toList();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> valuesOf(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }
}
