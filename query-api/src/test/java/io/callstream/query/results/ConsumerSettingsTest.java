package io.callstream.query.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

class ConsumerSettingsTest {

  @Test
  void shouldReadCommittedAndLeaveOffsetsToPostgresql() {
    ConsumerSettings settings =
        new ConsumerSettings(
            "localhost:9092",
            "callstream.insights.v1",
            "query-results",
            100,
            Duration.ofSeconds(1),
            Duration.ofSeconds(30));

    assertThat(settings.consumerConfig())
        .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "query-results")
        .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
    // Kafka accepts the configuration (a consumer connects only when it polls)
    new KafkaConsumer<>(
            settings.consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer())
        .close();
  }

  @Test
  void shouldRejectAnEmptyPoll() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new ConsumerSettings(
                    "localhost:9092", "t", "g", 0, Duration.ofSeconds(1), Duration.ofSeconds(30)))
        .withMessage("maxPollRecords must be positive, was 0");
  }
}
