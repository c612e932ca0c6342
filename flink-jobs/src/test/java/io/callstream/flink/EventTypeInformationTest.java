package io.callstream.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.event.CallStarted;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.EventFixtures;
import io.callstream.core.event.EventType;
import io.callstream.core.event.Participant;
import io.callstream.core.event.Progress;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every event record travels between Flink operators as a POJO (records are POJOs since Flink
 * 1.19), never through Kryo: Kryo is slower, and its state cannot evolve with the schema.
 */
class EventTypeInformationTest {

  @ParameterizedTest
  @EnumSource(EventType.class)
  void shouldTreatEveryEventRecordAsAPojo(EventType type) {
    TypeInformation<?> typeInformation = TypeInformation.of(type.eventClass());

    assertThat(typeInformation).isInstanceOf(PojoTypeInfo.class);
    // With generic types disabled, a field that would go through Kryo fails here, however deep.
    assertThat(serializerWithoutKryo(typeInformation)).isNotNull();
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void shouldRoundTripEveryEventThroughItsFlinkSerializer(EventType type) throws IOException {
    CallstreamEvent event = fixtureOf(type);

    assertThat(roundTrip(event)).isEqualTo(event);
    assertThat(copy(event)).isEqualTo(event);
  }

  @ParameterizedTest
  @MethodSource("eventsWithAbsentOptionalFields")
  void shouldRoundTripEventsWithAbsentOptionalFields(CallstreamEvent event) throws IOException {
    assertThat(roundTrip(event)).isEqualTo(event);
    assertThat(copy(event)).isEqualTo(event);
  }

  @Test
  void shouldHaveAFixtureForEveryEventType() {
    assertThat(EventFixtures.oneOfEach())
        .extracting(CallstreamEvent::type)
        .containsExactly(EventType.values());
  }

  static Stream<CallstreamEvent> eventsWithAbsentOptionalFields() {
    EventFixtures.Call call = EventFixtures.call();
    CallStarted started = call.started();
    return Stream.of(
        new Progress(
            "progress-1",
            call.workspaceId(),
            call.callId(),
            EventFixtures.OCCURRED_AT,
            Progress.Stage.RECEIVED,
            1,
            1,
            null),
        new CallAnalyzed(
            "analyzed-1",
            call.workspaceId(),
            call.callId(),
            EventFixtures.OCCURRED_AT,
            CallAnalyzed.Status.COMPLETED,
            null,
            "openai"),
        new CallStarted(
            started.eventId(),
            started.workspaceId(),
            started.callId(),
            started.occurredAt(),
            started.title(),
            null,
            started.source(),
            List.of(Participant.of("Ana Souza", "host", null)),
            Map.of()));
  }

  private static CallstreamEvent fixtureOf(EventType type) {
    return EventFixtures.oneOfEach().stream()
        .filter(event -> event.type() == type)
        .findFirst()
        .orElseThrow(() -> new AssertionError("EventFixtures.oneOfEach() has no " + type));
  }

  private static <T> TypeSerializer<T> serializerWithoutKryo(TypeInformation<T> typeInformation) {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    return typeInformation.createSerializer(config);
  }

  @SuppressWarnings("unchecked")
  private static <T extends CallstreamEvent> TypeSerializer<T> serializerOf(T event) {
    return serializerWithoutKryo(TypeInformation.of((Class<T>) event.getClass()));
  }

  private static <T extends CallstreamEvent> T roundTrip(T event) throws IOException {
    TypeSerializer<T> serializer = serializerOf(event);
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(event, out);
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    T read = serializer.deserialize(in);
    assertThat(in.available()).as("bytes left after reading %s", event.type()).isZero();
    return read;
  }

  private static <T extends CallstreamEvent> T copy(T event) {
    return serializerOf(event).copy(event);
  }
}
