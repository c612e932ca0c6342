package io.callstream.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

class EmbeddedKafkaTest {

  private static final Path DATA = Path.of("/tmp/callstream-test");

  @Test
  void shouldSetOnlyPropertiesKafkaKnows() {
    Map<String, String> properties =
        EmbeddedKafka.builder(DATA).properties(DATA.resolve("kafka"), 9092, 9093);
    assertThat(CollectionConverters.asJava(KafkaConfig.configNames()))
        .containsAll(properties.keySet());
  }

  @Test
  void shouldConfigureOneNodeForTransactions() {
    Map<String, String> properties =
        EmbeddedKafka.builder(DATA).properties(DATA.resolve("kafka"), 9092, 9093);
    assertThat(properties)
        .containsEntry("process.roles", "broker,controller")
        .containsEntry("controller.quorum.voters", "1@localhost:9093")
        .containsEntry("advertised.listeners", "PLAINTEXT://localhost:9092")
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("transaction.state.log.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1")
        .containsEntry("group.initial.rebalance.delay.ms", "0");
    assertThat(Long.parseLong(properties.get("transaction.max.timeout.ms")))
        .isGreaterThanOrEqualTo(15 * 60 * 1000L);
  }

  @Test
  void shouldLetBrokerPropertiesOverrideDefaults() {
    Map<String, String> properties =
        EmbeddedKafka.builder(DATA)
            .brokerProperty("num.io.threads", "2")
            .properties(DATA.resolve("kafka"), 9092, 9093);
    assertThat(properties).containsEntry("num.io.threads", "2");
  }

  @Test
  void shouldRefuseToOverrideListenersAndDirectories() {
    assertThatThrownBy(() -> EmbeddedKafka.builder(DATA).brokerProperty("log.dirs", "/elsewhere"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("log.dirs");
  }
}
