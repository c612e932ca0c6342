package io.callstream.core.cloudevents;

import static io.callstream.core.event.EventFixtures.consumed;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.EventFixtures;
import io.callstream.core.event.EventType;
import io.callstream.core.event.Progress;
import io.callstream.core.event.TranscriptSegment;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.OffsetDateTime;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CloudEventCodecTest {

  private final CloudEventCodec codec = CloudEventCodec.of("test");

  static Stream<CallstreamEvent> everyEventType() {
    return EventFixtures.oneOfEach().stream();
  }

  @Test
  void shouldHaveFixturesForEveryEventType() {
    assertThat(EventFixtures.oneOfEach())
        .extracting(CallstreamEvent::type)
        .containsExactly(EventType.values());
  }

  @ParameterizedTest
  @MethodSource("everyEventType")
  void shouldRoundTripEveryEventTypeThroughKafkaBinaryMode(CallstreamEvent event) {
    ProducerRecord<byte[], byte[]> record = codec.encode(event);

    CallstreamEvent decoded = codec.decode(consumed(record, 17));

    assertThat(decoded).isEqualTo(event).hasSameClassAs(event);
  }

  @ParameterizedTest
  @MethodSource("everyEventType")
  void shouldWriteCloudEventsHeadersForEveryEventType(CallstreamEvent event) {
    ProducerRecord<byte[], byte[]> record = codec.encode(event);

    Headers headers = record.headers();
    assertThat(header(headers, "ce_specversion")).isEqualTo("1.0");
    assertThat(header(headers, "ce_id")).isEqualTo(event.eventId());
    assertThat(header(headers, "ce_source")).isEqualTo("/callstream/test");
    assertThat(header(headers, "ce_type")).isEqualTo(event.type().ceType());
    assertThat(header(headers, "ce_subject")).isEqualTo(event.callId());
    assertThat(header(headers, "ce_workspaceid")).isEqualTo(event.workspaceId());
    assertThat(header(headers, "ce_dataschema"))
        .isEqualTo("https://callstream.io/schemas/" + event.type().ceType() + ".json");
    assertThat(OffsetDateTime.parse(header(headers, "ce_time")).toInstant())
        .isEqualTo(event.occurredAt());
    // the Kafka protocol binding maps datacontenttype to content-type, not ce_datacontenttype
    assertThat(header(headers, "content-type")).isEqualTo("application/json");
    assertThat(headers.lastHeader("ce_datacontenttype")).isNull();
  }

  @ParameterizedTest
  @MethodSource("everyEventType")
  void shouldRouteEveryEventTypeToItsTopicKeyedByCallId(CallstreamEvent event) {
    ProducerRecord<byte[], byte[]> record = codec.encode(event);

    assertThat(record.topic()).isEqualTo(event.type().topic().topicName());
    assertThat(new String(record.key(), UTF_8)).isEqualTo(event.callId());
    assertThat(record.timestamp()).isEqualTo(event.occurredAt().toEpochMilli());
    assertThat(record.partition()).isNull();
  }

  @Test
  void shouldProduceTheSameBytesForTheSameEvent() {
    CallstreamEvent event = EventFixtures.call().started();

    assertThat(codec.encode(event).value()).isEqualTo(codec.encode(event).value());
  }

  @Test
  void shouldDecodeStructuredModeRecords() {
    TranscriptSegment event = EventFixtures.call().segment(3, "spk_1", 500, 900, "Yes");
    ProducerRecord<byte[], byte[]> structured =
        KafkaMessageFactory.createWriter(
                event.type().topic().topicName(), CloudEventCodec.key(event))
            .writeStructured(codec.toCloudEvent(event), JsonFormat.CONTENT_TYPE);

    assertThat(codec.decode(consumed(structured, 0))).isEqualTo(event);
  }

  @Test
  void shouldDecodeFromHeadersAndValue() {
    CallstreamEvent event = EventFixtures.call().usage(10, 20);
    ProducerRecord<byte[], byte[]> record = codec.encode(event);

    assertThat(codec.decode(record.headers(), record.value())).isEqualTo(event);
  }

  @Test
  void shouldRejectRecordWithoutCloudEventsHeaders() {
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>("callstream.transcript.v1", 2, 41, null, "{}".getBytes(UTF_8));

    assertThatThrownBy(() -> codec.decode(record))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("record callstream.transcript.v1-2@41")
        .hasMessageContaining("is not a CloudEvent")
        .hasMessageContaining("ce_specversion");
  }

  @Test
  void shouldRejectUnknownEventType() {
    ProducerRecord<byte[], byte[]> record = codec.encode(EventFixtures.call().ended(1_000));
    replaceHeader(record.headers(), "ce_type", "io.callstream.call.exploded.v1");

    assertThatThrownBy(() -> codec.decode(consumed(record, 5)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("unknown event type 'io.callstream.call.exploded.v1'")
        .hasMessageContaining("io.callstream.call.ended.v1");
  }

  @Test
  void shouldRejectRecordWithoutWorkspaceId() {
    ProducerRecord<byte[], byte[]> record = codec.encode(EventFixtures.call().ended(1_000));
    record.headers().remove("ce_workspaceid");

    assertThatThrownBy(() -> codec.decode(consumed(record, 5)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("io.callstream.call.ended.v1")
        .hasMessageContaining("lacks the 'workspaceid' extension attribute");
  }

  @Test
  void shouldRejectRecordWithoutRequiredCloudEventsAttribute() {
    ProducerRecord<byte[], byte[]> record = codec.encode(EventFixtures.call().ended(1_000));
    record.headers().remove("ce_id");

    assertThatThrownBy(() -> codec.decode(consumed(record, 5)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("is not a valid CloudEvent")
        .hasMessageContaining("'id'");
  }

  @Test
  void shouldRejectDataThatIsNotJson() {
    ProducerRecord<byte[], byte[]> record = codec.encode(EventFixtures.call().ended(1_000));

    assertThatThrownBy(() -> codec.decode(withValue(record, "not json".getBytes(UTF_8))))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("has data that is not a valid io.callstream.call.ended.v1");
  }

  @Test
  void shouldRejectDataWithUnknownField() {
    CallstreamEvent event = EventFixtures.call().ended(1_000);
    String json = new String(codec.encode(event).value(), UTF_8);
    String extended = json.replace("\"durationMs\":", "\"mood\":\"happy\",\"durationMs\":");

    assertThatThrownBy(() -> codec.decode(withValue(codec.encode(event), extended.getBytes(UTF_8))))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("mood");
  }

  @Test
  void shouldRejectDataWithMissingNumber() {
    CallstreamEvent event = EventFixtures.call().ended(1_000);
    String json = new String(codec.encode(event).value(), UTF_8);
    String missing = json.replace(",\"durationMs\":1000", "");

    assertThatThrownBy(() -> codec.decode(withValue(codec.encode(event), missing.getBytes(UTF_8))))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("durationMs");
  }

  @Test
  void shouldRejectDataThatBreaksAnInvariantNamingTheField() {
    TranscriptSegment event = EventFixtures.call().segment(0, "spk_0", 100, 200, "Hi");
    String json = new String(codec.encode(event).value(), UTF_8);
    String backwards = json.replace("\"endMs\":200", "\"endMs\":50");

    assertThatThrownBy(
            () -> codec.decode(withValue(codec.encode(event), backwards.getBytes(UTF_8))))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("endMs must not be before startMs");
  }

  @Test
  void shouldRejectWorkspaceInHeadersThatDiffersFromData() {
    ProducerRecord<byte[], byte[]> record = codec.encode(EventFixtures.call().ended(1_000));
    replaceHeader(record.headers(), "ce_workspaceid", "ws-other");

    assertThatThrownBy(() -> codec.decode(consumed(record, 5)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("workspaceId '" + EventFixtures.WORKSPACE_ID + "' in its data")
        .hasMessageContaining("workspaceid 'ws-other' in its attributes");
  }

  @Test
  void shouldRejectDataOfAnotherContentType() {
    ProducerRecord<byte[], byte[]> record = codec.encode(EventFixtures.call().ended(1_000));
    replaceHeader(record.headers(), "content-type", "application/xml");

    assertThatThrownBy(() -> codec.decode(consumed(record, 5)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("has data of type 'application/xml', expected application/json");
  }

  @Test
  void shouldRejectTombstone() {
    ProducerRecord<byte[], byte[]> record = codec.encode(EventFixtures.call().deleted());

    assertThatThrownBy(() -> codec.decode(withValue(record, null)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("has no value (a tombstone?)");
  }

  @Test
  void shouldRejectCloudEventWithoutData() {
    CloudEvent noData =
        CloudEventBuilder.v1(codec.toCloudEvent(EventFixtures.call().ended(1_000)))
            .withoutData()
            .build();

    assertThatThrownBy(() -> codec.fromCloudEvent(noData))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("has no data");
  }

  @Test
  void shouldSurviveJavaSerializationSoFlinkSchemasCanHoldIt() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(codec);
    }
    CloudEventCodec copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (CloudEventCodec) in.readObject();
    }

    CallstreamEvent event = EventFixtures.call().progress(Progress.Stage.CHUNKED, 1, 2, null);
    assertThat(copy.source()).isEqualTo(codec.source());
    assertThat(copy.encode(event).value()).isEqualTo(codec.encode(event).value());
  }

  @Test
  void shouldRejectComponentThatIsNotAPathSegment() {
    assertThatThrownBy(() -> CloudEventCodec.of("Flink Jobs"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("component must be lowercase letters");
  }

  private static ConsumerRecord<byte[], byte[]> withValue(
      ProducerRecord<byte[], byte[]> record, byte[] value) {
    return consumed(
        new ProducerRecord<>(
            record.topic(),
            record.partition(),
            record.timestamp(),
            record.key(),
            value,
            record.headers()),
        9);
  }

  private static void replaceHeader(Headers headers, String key, String value) {
    headers.remove(key);
    headers.add(key, value.getBytes(UTF_8));
  }

  private static String header(Headers headers, String key) {
    assertThat(headers.lastHeader(key)).as("header %s", key).isNotNull();
    assertThat(headers.headers(key)).as("header %s", key).hasSize(1);
    return new String(headers.lastHeader(key).value(), UTF_8);
  }
}
