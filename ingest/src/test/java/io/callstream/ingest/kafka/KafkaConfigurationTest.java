package io.callstream.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.util.unit.DataSize;

class KafkaConfigurationTest {

  @ParameterizedTest
  @ValueSource(longs = {1_000, 3_000, 10_000, 120_000})
  void shouldBoundBlockingAndDeliveryByTheKafkaTimeout(long timeoutMs) {
    Map<String, Object> config =
        KafkaConfiguration.producerConfig(
            "localhost:1", DataSize.ofMegabytes(8), Duration.ofMillis(timeoutMs));

    assertThat(config)
        .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs)
        .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeoutMs)
        .containsEntry(ProducerConfig.BUFFER_MEMORY_CONFIG, DataSize.ofMegabytes(8).toBytes())
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // Kafka checks delivery.timeout.ms >= linger.ms + request.timeout.ms when a producer is made.
    try (var producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      assertThat(producer).isNotNull();
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 999})
  void shouldRejectATimeoutTooShortForAHealthyBroker(long timeoutMs) {
    assertThatThrownBy(
            () -> new PublishBounds(Duration.ofMillis(timeoutMs), 10, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("callstream.ingest.kafka-timeout must be at least");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void shouldRejectNoRoomForPendingRequests(int maxPending) {
    assertThatThrownBy(
            () -> new PublishBounds(Duration.ofSeconds(10), maxPending, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("callstream.ingest.kafka-max-pending-requests must be at least 1");
  }
}
