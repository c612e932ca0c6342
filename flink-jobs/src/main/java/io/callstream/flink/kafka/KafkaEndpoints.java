package io.callstream.flink.kafka;

import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Topic;
import java.time.Instant;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jspecify.annotations.Nullable;

/**
 * Builds the Kafka sources and sinks of the jobs for one cluster. Sources read only committed
 * records; sinks follow the delivery promise of their topic in DESIGN.md.
 */
public final class KafkaEndpoints {

  /** Flink's transactions must end well before the broker's maximum (15 minutes by default). */
  private static final String TRANSACTION_TIMEOUT_MS = String.valueOf(10 * 60 * 1000);

  private final String bootstrapServers;
  private final String groupId;
  private final @Nullable Instant startingAt;

  private KafkaEndpoints(String bootstrapServers, String groupId, @Nullable Instant startingAt) {
    this.bootstrapServers = bootstrapServers;
    this.groupId = groupId;
    this.startingAt = startingAt;
  }

  public static KafkaEndpoints of(String bootstrapServers, String groupId) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must not be blank");
    }
    if (groupId == null || groupId.isBlank()) {
      throw new IllegalArgumentException("groupId must not be blank");
    }
    return new KafkaEndpoints(bootstrapServers, groupId, null);
  }

  /**
   * The same endpoints, with sources that start at the first record written at or after {@code
   * instant} instead of the group's committed offsets: for replays, and for tests that share topics
   * with earlier tests. A job restored from a checkpoint resumes where it was regardless.
   */
  public KafkaEndpoints from(Instant instant) {
    if (instant == null) {
      throw new IllegalArgumentException("instant must not be null");
    }
    return new KafkaEndpoints(bootstrapServers, groupId, instant);
  }

  /**
   * Events of one class from a topic, from the group's committed offsets (earliest at first), or
   * from the time given to {@link #from}.
   */
  // OffsetResetStrategy is deprecated in Kafka 4, but connector 5.0.0-2.2 has no other overload.
  @SuppressWarnings("deprecation")
  public <T extends CallstreamEvent> KafkaSource<T> source(Topic topic, Class<T> eventClass) {
    return KafkaSource.<T>builder()
        .setBootstrapServers(bootstrapServers)
        .setTopics(topic.topicName())
        .setGroupId(groupId)
        .setStartingOffsets(
            startingAt == null
                ? OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST)
                : OffsetsInitializer.timestamp(startingAt.toEpochMilli()))
        .setDeserializer(EventDeserializer.of(eventClass))
        .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .build();
  }

  /**
   * A sink for a topic, with the delivery its topic promises: exactly-once topics get Kafka
   * transactions committed on checkpoints, the others at-least-once with low latency.
   */
  public <T extends CallstreamEvent> KafkaSink<T> sink(Topic topic) {
    return sink(topic, "");
  }

  /**
   * A sink as {@link #sink(Topic)}, for a second writer of the same topic in one job: {@code
   * writer} keeps its Kafka transactions apart from the first one's.
   */
  public <T extends CallstreamEvent> KafkaSink<T> sink(Topic topic, String writer) {
    if (writer == null) {
      throw new IllegalArgumentException("writer must not be null");
    }
    var builder =
        KafkaSink.<T>builder()
            .setBootstrapServers(bootstrapServers)
            .setRecordSerializer(new EventSerializer<T>())
            .setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    if (topic.delivery() == Topic.Delivery.EXACTLY_ONCE) {
      builder
          .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
          .setTransactionalIdPrefix(
              groupId + "-" + topic.topicName() + (writer.isEmpty() ? "" : "-" + writer))
          .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
    } else {
      builder.setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE);
    }
    return builder.build();
  }
}
