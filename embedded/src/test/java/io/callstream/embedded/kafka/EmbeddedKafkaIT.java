package io.callstream.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.callstream.core.event.Topic;
import io.callstream.embedded.junit.SharedInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedInfrastructure.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EmbeddedKafkaIT {

  @Test
  void shouldShowReadCommittedConsumersOnlyCommittedRecords(KafkaEndpoint kafka) {
    String key = "call-" + UUID.randomUUID();
    String topic = Topic.INSIGHTS.topicName();
    try (KafkaProducer<String, String> producer = transactionalProducer(kafka)) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, key, "aborted"));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, key, "committed"));
      producer.commitTransaction();
    }

    // All records of one key share a partition, so once "committed" arrives "aborted" has passed.
    assertThat(valuesUntilCommitted(kafka, topic, key, "read_committed"))
        .containsExactly("committed");
    assertThat(valuesUntilCommitted(kafka, topic, key, "read_uncommitted"))
        .containsExactly("aborted", "committed");
  }

  @Test
  void shouldCreateCompactedTopicsWithCleanupPolicyCompact(KafkaEndpoint kafka) throws Exception {
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      Map<ConfigResource, Config> configs =
          admin
              .describeConfigs(
                  List.of(
                      new ConfigResource(ConfigResource.Type.TOPIC, Topic.CALLS.topicName()),
                      new ConfigResource(ConfigResource.Type.TOPIC, Topic.INSIGHTS.topicName())))
              .all()
              .get(30, TimeUnit.SECONDS);
      assertThat(Topic.CALLS.compacted()).isTrue();
      assertThat(cleanupPolicy(configs, Topic.CALLS)).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
      assertThat(cleanupPolicy(configs, Topic.INSIGHTS))
          .isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);

      Map<String, TopicDescription> topics =
          admin
              .describeTopics(List.of(Topic.CALLS.topicName()))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS);
      assertThat(topics.get(Topic.CALLS.topicName()).partitions())
          .hasSize(Topic.CALLS.partitions());
    }
  }

  @Test
  void shouldCreateTopicsIdempotently(KafkaEndpoint kafka) {
    assertThatCode(() -> KafkaTopics.create(kafka, List.of(Topic.values())))
        .doesNotThrowAnyException();
  }

  private static String cleanupPolicy(Map<ConfigResource, Config> configs, Topic topic) {
    return configs
        .get(new ConfigResource(ConfigResource.Type.TOPIC, topic.topicName()))
        .get(TopicConfig.CLEANUP_POLICY_CONFIG)
        .value();
  }

  private static KafkaProducer<String, String> transactionalProducer(KafkaEndpoint kafka) {
    Map<String, Object> properties = kafka.clientProperties();
    properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-" + UUID.randomUUID());
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    return new KafkaProducer<>(properties);
  }

  /** The values of {@code key}'s records, read from the start until "committed" shows up. */
  static List<String> valuesUntilCommitted(
      KafkaEndpoint kafka, String topic, String key, String isolationLevel) {
    Map<String, Object> properties = kafka.clientProperties();
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!values.contains("committed") && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (key.equals(record.key())) {
            values.add(record.value());
          }
        }
      }
    }
    return values;
  }
}
