package io.callstream.embedded.junit;

import io.callstream.embedded.flink.FlinkRunner;
import io.callstream.embedded.kafka.KafkaEndpoint;
import io.callstream.embedded.postgres.PostgresEndpoint;
import java.util.Objects;

/**
 * The shared infrastructure of a test JVM: a Kafka broker with all of callstream's topics, a
 * PostgreSQL database and a Flink cluster. Each is started the first time a test asks for it, so a
 * test JVM that never touches Flink never starts it. Thread-safe.
 */
public final class Infrastructure {

  private final String mode;
  private final Lazy<KafkaEndpoint> kafka;
  private final Lazy<PostgresEndpoint> postgres;
  private final Lazy<FlinkRunner> flink;

  Infrastructure(
      String mode,
      Lazy<KafkaEndpoint> kafka,
      Lazy<PostgresEndpoint> postgres,
      Lazy<FlinkRunner> flink) {
    this.mode = Objects.requireNonNull(mode, "mode must not be null");
    this.kafka = Objects.requireNonNull(kafka, "kafka must not be null");
    this.postgres = Objects.requireNonNull(postgres, "postgres must not be null");
    this.flink = Objects.requireNonNull(flink, "flink must not be null");
  }

  /** Where Kafka clients connect; every {@link io.callstream.core.event.Topic} exists there. */
  public KafkaEndpoint kafka() {
    return kafka.get();
  }

  /** Kafka's bootstrap servers, {@code host:port}. */
  public String kafkaBootstrapServers() {
    return kafka().bootstrapServers();
  }

  /**
   * The application's database: JDBC and R2DBC URLs, user and password. Tests share it, so each
   * test keeps its rows apart (its own workspace id) rather than expecting empty tables.
   */
  public PostgresEndpoint postgres() {
    return postgres.get();
  }

  /** A Flink cluster to run jobs on; an in-JVM MiniCluster in every mode. */
  public FlinkRunner flink() {
    return flink.get();
  }

  /** {@code embedded} or {@code testcontainers}: where Kafka and PostgreSQL come from. */
  public String mode() {
    return mode;
  }

  @Override
  public String toString() {
    return "Infrastructure[" + mode + "]";
  }
}
