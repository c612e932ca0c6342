package io.callstream.core.cloudevents;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.EventFixtures;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CallstreamEventSerdeTest {

  private final CloudEventCodec codec = CloudEventCodec.of("ingest");
  private final CallstreamEventSerializer serializer = CallstreamEventSerializer.of(codec);
  private final CallstreamEventDeserializer deserializer = new CallstreamEventDeserializer();

  static Stream<CallstreamEvent> everyEventType() {
    return EventFixtures.oneOfEach().stream();
  }

  @ParameterizedTest
  @MethodSource("everyEventType")
  void shouldRoundTripEveryEventTypeThroughSerializerAndDeserializer(CallstreamEvent event) {
    Headers headers = new RecordHeaders();

    byte[] value = serializer.serialize(event.type().topic().topicName(), headers, event);

    assertThat(deserializer.deserialize(event.type().topic().topicName(), headers, value))
        .isEqualTo(event);
  }

  @ParameterizedTest
  @MethodSource("everyEventType")
  void shouldWriteTheSameHeadersAndValueAsTheCodec(CallstreamEvent event) {
    Headers headers = new RecordHeaders();

    byte[] value = serializer.serialize(event.type().topic().topicName(), headers, event);

    ProducerRecord<byte[], byte[]> encoded = codec.encode(event);
    assertThat(value).isEqualTo(encoded.value());
    assertThat(headers.toArray()).containsExactlyInAnyOrder(encoded.headers().toArray());
    assertThat(new String(headers.lastHeader("ce_type").value(), UTF_8))
        .isEqualTo(event.type().ceType());
    assertThat(new String(headers.lastHeader("ce_workspaceid").value(), UTF_8))
        .isEqualTo(event.workspaceId());
  }

  @Test
  void shouldAddressRecordOfEventToItsTopicByCallId() {
    CallstreamEvent event = EventFixtures.call().segment(0, "spk_0", 0, 10, "Hi");

    ProducerRecord<String, CallstreamEvent> record = CallstreamEventSerializer.recordOf(event);

    assertThat(record.topic()).isEqualTo("callstream.transcript.v1");
    assertThat(record.key()).isEqualTo(event.callId());
    assertThat(record.value()).isSameAs(event);
    assertThat(record.timestamp()).isEqualTo(event.occurredAt().toEpochMilli());
  }

  @Test
  void shouldPassNullThroughAsKafkaConventionHas() {
    assertThat(serializer.serialize("callstream.calls.v1", new RecordHeaders(), null)).isNull();
    assertThat(deserializer.deserialize("callstream.calls.v1", new RecordHeaders(), (byte[]) null))
        .isNull();
  }

  @Test
  void shouldRefuseToWorkWithoutHeaders() {
    CallstreamEvent event = EventFixtures.call().ended(5);

    assertThatThrownBy(() -> serializer.serialize("callstream.calls.v1", event))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("headers");
    assertThatThrownBy(() -> deserializer.deserialize("callstream.calls.v1", new byte[] {1}))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("headers");
  }

  @Test
  void shouldNameTheTopicOfAMalformedRecord() {
    assertThatThrownBy(
            () ->
                deserializer.deserialize(
                    "callstream.calls.v1", new RecordHeaders(), "{}".getBytes(UTF_8)))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageStartingWith("record on callstream.calls.v1 is not a CloudEvent");
  }
}
