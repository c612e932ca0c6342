package io.callstream.flink.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.EventFixtures;
import io.callstream.core.event.EventType;
import io.callstream.core.event.Progress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class CallstreamEventTypeInfoTest {

  private final TypeSerializer<CallstreamEvent> serializer = serializerWithoutKryo();

  @Test
  void shouldRoundTripOneEventOfEveryTypeThroughOneSerializer() throws IOException {
    List<CallstreamEvent> events = EventFixtures.oneOfEach();
    DataOutputSerializer out = new DataOutputSerializer(1024);
    for (CallstreamEvent event : events) {
      serializer.serialize(event, out);
    }

    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    List<CallstreamEvent> read = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      read.add(serializer.deserialize(in));
    }

    assertThat(read).isEqualTo(events);
    assertThat(in.available()).as("bytes left").isZero();
  }

  @Test
  void shouldCopyEveryEventType() {
    for (CallstreamEvent event : EventFixtures.oneOfEach()) {
      CallstreamEvent copy = serializer.copy(event);

      assertThat(copy).isEqualTo(event).isInstanceOf(event.getClass());
    }
  }

  @Test
  void shouldCopySerializedEventsWithoutReadingThem() throws IOException {
    DataOutputSerializer original = new DataOutputSerializer(1024);
    for (CallstreamEvent event : EventFixtures.oneOfEach()) {
      serializer.serialize(event, original);
    }
    DataInputDeserializer source = new DataInputDeserializer(original.getCopyOfBuffer());
    DataOutputSerializer target = new DataOutputSerializer(1024);

    for (int i = 0; i < EventType.values().length; i++) {
      serializer.copy(source, target);
    }

    assertThat(target.getCopyOfBuffer()).isEqualTo(original.getCopyOfBuffer());
  }

  @Test
  void shouldWriteATagOfOneByteBeforeThePojo() throws IOException {
    Progress progress = EventFixtures.call().progress(Progress.Stage.ANALYZED, 3, 10, 42_000L);
    DataOutputSerializer tagged = new DataOutputSerializer(256);
    DataOutputSerializer pojo = new DataOutputSerializer(256);

    serializer.serialize(progress, tagged);
    TypeInformation.of(Progress.class)
        .createSerializer(new SerializerConfigImpl())
        .serialize(progress, pojo);

    assertThat(tagged.length()).isEqualTo(pojo.length() + 1);
    assertThat(tagged.getSharedBuffer()[0]).isEqualTo((byte) EventType.PROGRESS.ordinal());
  }

  @Test
  void shouldRejectAnUnknownTag() {
    DataInputDeserializer in = new DataInputDeserializer(new byte[] {99, 0, 0, 0});

    assertThatThrownBy(() -> serializer.deserialize(in))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("tag 99");
  }

  @Test
  void shouldBeCompatibleAsIsWithItsOwnRestoredSnapshot() throws IOException {
    TypeSerializerSnapshot<CallstreamEvent> restored =
        writeAndRead(serializer.snapshotConfiguration());

    TypeSerializerSchemaCompatibility<CallstreamEvent> compatibility =
        serializerWithoutKryo().snapshotConfiguration().resolveSchemaCompatibility(restored);

    assertThat(compatibility.isCompatibleAsIs()).isTrue();
  }

  @Test
  void shouldReadWithTheRestoredSerializerWhatTheOriginalWrote() throws IOException {
    TypeSerializer<CallstreamEvent> restored =
        writeAndRead(serializer.snapshotConfiguration()).restoreSerializer();
    DataOutputSerializer out = new DataOutputSerializer(1024);
    for (CallstreamEvent event : EventFixtures.oneOfEach()) {
      serializer.serialize(event, out);
    }

    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    List<CallstreamEvent> read = new ArrayList<>();
    for (int i = 0; i < EventType.values().length; i++) {
      read.add(restored.deserialize(in));
    }

    assertThat(restored).isEqualTo(serializer);
    assertThat(read).isEqualTo(EventFixtures.oneOfEach());
  }

  @Test
  void shouldBeIncompatibleWithASnapshotOfOtherEventTypes() throws IOException {
    TypeSerializer<?>[] nested = ((TaggedEventSerializer) serializer).nestedSerializers();
    List<EventType> types = new ArrayList<>(List.of(EventType.values()));
    Collections.reverse(types);
    TaggedEventSerializer reordered = new TaggedEventSerializer(types, reversed(nested));
    TypeSerializerSnapshot<CallstreamEvent> old = writeAndRead(reordered.snapshotConfiguration());

    assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(old).isIncompatible())
        .isTrue();
  }

  @Test
  void shouldSurviveJavaSerializationAsTheSameTypeInformation() throws Exception {
    byte[] bytes = InstantiationUtil.serializeObject(CallstreamEventTypeInfo.INSTANCE);

    Object read = InstantiationUtil.deserializeObject(bytes, getClass().getClassLoader());

    assertThat(read).isSameAs(CallstreamEventTypeInfo.INSTANCE);
    assertThat(CallstreamEventTypeInfo.INSTANCE.getTypeClass()).isEqualTo(CallstreamEvent.class);
  }

  @Test
  void shouldDuplicateIntoAnEqualSerializer() {
    assertThat(serializer.duplicate()).isEqualTo(serializer);
  }

  private static TypeSerializer<CallstreamEvent> serializerWithoutKryo() {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    return CallstreamEventTypeInfo.INSTANCE.createSerializer(config);
  }

  private static TypeSerializerSnapshot<CallstreamEvent> writeAndRead(
      TypeSerializerSnapshot<CallstreamEvent> snapshot) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(1024);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    return TypeSerializerSnapshot.readVersionedSnapshot(
        in, CallstreamEventTypeInfoTest.class.getClassLoader());
  }

  private static TypeSerializer<?>[] reversed(TypeSerializer<?>[] serializers) {
    TypeSerializer<?>[] reversed = new TypeSerializer<?>[serializers.length];
    for (int i = 0; i < serializers.length; i++) {
      reversed[i] = serializers[serializers.length - 1 - i];
    }
    return reversed;
  }
}
