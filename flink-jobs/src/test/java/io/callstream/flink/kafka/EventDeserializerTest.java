package io.callstream.flink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.event.EventFixtures;
import io.callstream.core.event.Progress;
import io.callstream.core.event.Topic;
import io.callstream.core.event.TranscriptSegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventDeserializerTest {

  private static final CloudEventCodec CODEC = CloudEventCodec.of("test");

  private final CountingMetricGroup metrics = new CountingMetricGroup();
  private final ListCollector<TranscriptSegment> out = new ListCollector<>();
  private EventDeserializer<TranscriptSegment> deserializer;

  @BeforeEach
  void open() {
    deserializer = EventDeserializer.of(TranscriptSegment.class);
    deserializer.open(new Context(metrics));
  }

  @Test
  void shouldReadAnEventOfItsClass() {
    TranscriptSegment segment = EventFixtures.call().segment(0, "spk_0", 0, 1_500, "Hello");

    deserializer.deserialize(EventFixtures.consumed(CODEC.encode(segment), 7), out);

    assertThat(out.values).containsExactly(segment);
    assertThat(metrics.count("malformedEvents")).isZero();
  }

  @Test
  void shouldSkipAndCountARecordThatIsNotACloudEvent() {
    ProducerRecord<byte[], byte[]> garbage =
        new ProducerRecord<>(
            Topic.TRANSCRIPT.topicName(),
            "call-0001".getBytes(StandardCharsets.UTF_8),
            new byte[] {0x00, (byte) 0xff, 0x13, 0x37});

    deserializer.deserialize(EventFixtures.consumed(garbage, 3), out);

    assertThat(out.values).isEmpty();
    assertThat(metrics.count("malformedEvents")).isEqualTo(1);
  }

  @Test
  void shouldSkipATombstoneWithoutCountingItMalformed() {
    ProducerRecord<byte[], byte[]> tombstone =
        new ProducerRecord<>(
            Topic.TRANSCRIPT.topicName(), "call-0001".getBytes(StandardCharsets.UTF_8), null);

    deserializer.deserialize(EventFixtures.consumed(tombstone, 4), out);

    assertThat(out.values).isEmpty();
    assertThat(metrics.count("malformedEvents")).as("an erasure is no malformed event").isZero();
  }

  @Test
  void shouldSkipAValidEventOfAnotherClass() {
    Progress progress = EventFixtures.call().progress(Progress.Stage.RECEIVED, 1, 1, null);

    deserializer.deserialize(EventFixtures.consumed(CODEC.encode(progress), 5), out);

    assertThat(out.values).isEmpty();
    assertThat(metrics.count("malformedEvents")).isZero();
  }

  @Test
  void shouldProduceThePojoTypeOfItsEventClass() {
    assertThat(deserializer.getProducedType())
        .isInstanceOf(PojoTypeInfo.class)
        .extracting(type -> type.getTypeClass())
        .isEqualTo(TranscriptSegment.class);
  }

  /** What the Kafka source hands the schema on open: a metric group and a class loader. */
  private record Context(MetricGroup metricGroup)
      implements DeserializationSchema.InitializationContext {

    @Override
    public MetricGroup getMetricGroup() {
      return metricGroup;
    }

    @Override
    public UserCodeClassLoader getUserCodeClassLoader() {
      return SimpleUserCodeClassLoader.create(EventDeserializerTest.class.getClassLoader());
    }
  }

  /** A metric group that keeps the counters registered on it, so tests can read them. */
  private static final class CountingMetricGroup extends UnregisteredMetricsGroup {
    private final Map<String, Counter> counters = new HashMap<>();

    @Override
    public Counter counter(String name) {
      return counters.computeIfAbsent(name, key -> new SimpleCounter());
    }

    long count(String name) {
      Counter counter = counters.get(name);
      return counter == null ? 0 : counter.getCount();
    }
  }

  private static final class ListCollector<T> implements Collector<T> {
    private final List<T> values = new ArrayList<>();

    @Override
    public void collect(T record) {
      values.add(record);
    }

    @Override
    public void close() {}
  }
}
