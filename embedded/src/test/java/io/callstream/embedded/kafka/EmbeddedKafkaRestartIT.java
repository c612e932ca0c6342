package io.callstream.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.core.event.Topic;
import io.callstream.embedded.PortInUseException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Restarts need brokers of their own, apart from the shared one. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EmbeddedKafkaRestartIT {

  @TempDir Path dataDirectory;

  @Test
  void shouldKeepTopicRecordsAndClusterIdAcrossRestart() throws Exception {
    String topic = Topic.TRANSCRIPT.topicName();
    String clusterId;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDirectory, 0)) {
      clusterId = kafka.clusterId();
      kafka.createTopics(List.of(Topic.TRANSCRIPT));
      Map<String, Object> properties = kafka.endpoint().clientProperties();
      properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
      properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
        for (int i = 0; i < 3; i++) {
          producer
              .send(new ProducerRecord<>(topic, "call-1", "segment-" + i))
              .get(30, TimeUnit.SECONDS);
        }
      }
    }

    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDirectory, 0)) {
      assertThat(kafka.clusterId()).isEqualTo(clusterId);
      assertThat(readAll(kafka.endpoint(), topic, 3))
          .containsExactly("segment-0", "segment-1", "segment-2");
    }
  }

  @Test
  void shouldNameThePortAndTheSettingWhenThePortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> EmbeddedKafka.start(dataDirectory, port))
          .isInstanceOf(PortInUseException.class)
          .hasMessage(
              "Kafka port "
                  + port
                  + " is already in use: set callstream.kafka.port to a free port, or to 0 to pick"
                  + " one");
    }
  }

  private static List<String> readAll(KafkaEndpoint kafka, String topic, int expected) {
    Map<String, Object> properties = kafka.clientProperties();
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
      while (values.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }
}
