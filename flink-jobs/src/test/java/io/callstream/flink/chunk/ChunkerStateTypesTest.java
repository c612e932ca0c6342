package io.callstream.flink.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.core.event.CallStarted;
import io.callstream.core.event.EventFixtures;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chunker's state and output travel as POJOs, never through Kryo: Kryo state cannot evolve with
 * the schema, and a checkpoint of it would not survive a change to these records.
 */
class ChunkerStateTypesTest {

  static Stream<Object> values() {
    EventFixtures.Call call = EventFixtures.call();
    BufferedSegment buffered = new BufferedSegment(call.segment(3, "spk_1", 0, 900, "Hi"), 2);
    return Stream.of(
        buffered,
        OpenCall.start(call.workspaceId(), 1_000, 2_000),
        OpenCall.start(call.workspaceId(), 1_000, 2_000)
            .withSource(CallStarted.Source.LIVE)
            .buffered(40)
            .ending(7, 3_000),
        new Chunk(
            call.workspaceId(),
            call.callId(),
            "chunk-id",
            2,
            List.of(buffered.segment()),
            List.of(buffered.segment()),
            2,
            false));
  }

  @ParameterizedTest
  @MethodSource("values")
  void shouldSerializeAsAPojoWithoutKryo(Object value) throws IOException {
    TypeSerializer<Object> serializer = serializerWithoutKryo(value);

    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(value, out);
    Object read = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

    assertThat(TypeInformation.of(value.getClass())).isInstanceOf(PojoTypeInfo.class);
    assertThat(read).isEqualTo(value);
  }

  @SuppressWarnings("unchecked")
  private static TypeSerializer<Object> serializerWithoutKryo(Object value) {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    return ((TypeInformation<Object>) TypeInformation.of(value.getClass()))
        .createSerializer(config);
  }
}
