package io.callstream.ingest.testing;

import static org.assertj.core.api.Assertions.fail;

import io.callstream.core.event.Topic;
import io.callstream.embedded.kafka.KafkaEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads what is on a topic the way a downstream consumer does: a plain {@link KafkaConsumer} in a
 * fresh group, {@code read_committed}, from the beginning. Stateless and thread-safe.
 */
public final class TopicRecords {

  private TopicRecords() {}

  /**
   * Every record of call {@code callId} on {@code topic} that was acknowledged before this call, in
   * partition order (a call's records share one partition, so that is the order they were sent).
   *
   * <p>It reads up to the end offsets taken when it starts, so it needs no guess at how long to
   * wait: a record that Kafka acknowledged (ingest answers only then) is before those offsets.
   */
  public static <V> List<ConsumerRecord<byte[], V>> ofCall(
      KafkaEndpoint kafka, Topic topic, String callId, Deserializer<V> values) {
    byte[] key = callId.getBytes(StandardCharsets.UTF_8);
    return readToEnd(kafka, topic, values).stream()
        .filter(record -> Arrays.equals(record.key(), key))
        .toList();
  }

  /** {@link #ofCall} with the values as the raw bytes on the wire. */
  public static List<ConsumerRecord<byte[], byte[]>> rawOfCall(
      KafkaEndpoint kafka, Topic topic, String callId) {
    return ofCall(kafka, topic, callId, new ByteArrayDeserializer());
  }

  /**
   * Every record on {@code topic} that was acknowledged before this call, for a test with a broker
   * of its own; raw values.
   */
  public static List<ConsumerRecord<byte[], byte[]>> rawAll(KafkaEndpoint kafka, Topic topic) {
    return readToEnd(kafka, topic, new ByteArrayDeserializer());
  }

  private static <V> List<ConsumerRecord<byte[], V>> readToEnd(
      KafkaEndpoint kafka, Topic topic, Deserializer<V> values) {
    Map<String, Object> config = kafka.clientProperties();
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "ingest-it-" + UUID.randomUUID());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Duration patience = RunningIngest.PATIENCE;
    try (KafkaConsumer<byte[], V> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), values)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.topicName(), patience).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      consumer.subscribe(List.of(topic.topicName()));
      List<ConsumerRecord<byte[], V>> records = new ArrayList<>();
      long deadline = System.nanoTime() + patience.toNanos();
      // End offsets once the group has assigned every partition (read_committed: the last stable
      // offsets, which a consumer tracks only for partitions it is assigned).
      Map<TopicPartition, Long> end = null;
      while (end == null || !caughtUp(consumer, end)) {
        if (System.nanoTime() - deadline > 0) {
          fail(
              "did not read %s up to offsets %s within %s; assigned %s, read %d records",
              topic.topicName(), end, patience, consumer.assignment(), records.size());
        }
        consumer.poll(Duration.ofMillis(250)).forEach(records::add);
        if (end == null && consumer.assignment().containsAll(partitions)) {
          end = consumer.endOffsets(partitions, patience);
        }
      }
      return records;
    }
  }

  private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream()
        .allMatch(entry -> consumer.position(entry.getKey()) >= entry.getValue());
  }
}
