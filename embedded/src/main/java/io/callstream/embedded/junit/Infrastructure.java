package io.callstream.embedded.junit;

import io.callstream.embedded.flink.FlinkRunner;
import io.callstream.embedded.kafka.KafkaEndpoint;
import io.callstream.embedded.postgres.PostgresEndpoint;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The shared infrastructure of a test JVM: a Kafka broker with all of callstream's topics, a
 * PostgreSQL database and a Flink cluster. Each is started the first time a test asks for it, so a
 * test JVM that never touches Flink never starts it. Thread-safe.
 */
public final class Infrastructure {

  private final String mode;
  private final Lazy<KafkaEndpoint> kafka;
  private final Lazy<PostgresRoles> postgres;
  private final Lazy<FlinkRunner> flink;

  Infrastructure(
      String mode,
      Lazy<KafkaEndpoint> kafka,
      Lazy<PostgresRoles> postgres,
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
   * The shared database as its owner: JDBC and R2DBC URLs, user and password. Migrations run as the
   * owner, and tests that check rows behind a service read as the owner, whom row-level security
   * does not bind. Tests share the database, so each test keeps its rows apart (its own workspace
   * id) rather than expecting empty tables.
   */
  public PostgresEndpoint postgres() {
    return postgres.get().owner();
  }

  /**
   * The same database as the application role the services connect as: it owns nothing, and
   * row-level security shows it only the rows of the workspace its transaction is scoped to.
   */
  public PostgresEndpoint applicationPostgres() {
    return postgres.get().application();
  }

  /** The database's roles if PostgreSQL has been started; never starts it. */
  @Nullable PostgresRoles startedPostgres() {
    return postgres.ifStarted();
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
