package io.callstream.embedded.junit;

import io.callstream.core.event.Topic;
import io.callstream.embedded.kafka.KafkaEndpoint;
import io.callstream.embedded.kafka.KafkaTopics;
import io.callstream.embedded.postgres.PostgresEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka and PostgreSQL from Testcontainers, for machines with a Docker engine. The only class that
 * touches Testcontainers (an optional dependency), loaded only in {@code testcontainers} mode.
 */
final class TestcontainersServers {

  /** Overrides the Kafka image; by default {@code apache/kafka} of the Kafka clients' version. */
  static final String KAFKA_IMAGE_PROPERTY = "callstream.infra.kafka-image";

  /** Overrides the PostgreSQL image; by default the major version of the embedded binaries. */
  static final String POSTGRES_IMAGE_PROPERTY = "callstream.infra.postgres-image";

  private static final String DATABASE = "callstream";
  private static final String USER = "callstream";
  private static final String PASSWORD = "callstream";
  private static final String APPLICATION_USER = "callstream_app";
  private static final String APPLICATION_PASSWORD = "callstream_app";

  private TestcontainersServers() {}

  static Lazy.Started<KafkaEndpoint> kafka() {
    String image =
        System.getProperty(KAFKA_IMAGE_PROPERTY, "apache/kafka:" + AppInfoParser.getVersion());
    // The same one-node settings as EmbeddedKafka; the image turns KAFKA_A_B into a.b.
    KafkaContainer container =
        new KafkaContainer(DockerImageName.parse(image))
            .withEnv(
                Map.of(
                    "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1",
                    "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1",
                    "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1",
                    "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1",
                    "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1",
                    "KAFKA_TRANSACTION_MAX_TIMEOUT_MS",
                        Long.toString(Duration.ofHours(1).toMillis()),
                    "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0"));
    container.start();
    try {
      KafkaEndpoint endpoint = KafkaEndpoint.of(container.getBootstrapServers());
      KafkaTopics.create(endpoint, List.of(Topic.values()));
      return new Lazy.Started<>(endpoint, container::stop);
    } catch (RuntimeException e) {
      container.stop();
      throw e;
    }
  }

  /**
   * The image's user owns the database (and is a superuser there, so the tables it migrates are its
   * own); the application role is created beside it, owning nothing, as in the embedded mode.
   */
  static Lazy.Started<PostgresRoles> postgres() {
    String image = System.getProperty(POSTGRES_IMAGE_PROPERTY, "postgres:17-alpine");
    PostgreSQLContainer container =
        new PostgreSQLContainer(DockerImageName.parse(image))
            .withDatabaseName(DATABASE)
            .withUsername(USER)
            .withPassword(PASSWORD);
    container.start();
    try {
      PostgresEndpoint owner =
          new PostgresEndpoint(
              container.getHost(),
              container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
              container.getDatabaseName(),
              container.getUsername(),
              container.getPassword());
      try (Connection connection =
              DriverManager.getConnection(owner.jdbcUrl(), owner.user(), owner.password());
          Statement statement = connection.createStatement()) {
        statement.execute(
            "create role "
                + APPLICATION_USER
                + " with login nosuperuser nobypassrls password '"
                + APPLICATION_PASSWORD
                + "'");
      }
      PostgresEndpoint application =
          new PostgresEndpoint(
              owner.host(), owner.port(), owner.database(), APPLICATION_USER, APPLICATION_PASSWORD);
      return new Lazy.Started<>(new PostgresRoles(owner, application), container::stop);
    } catch (SQLException | RuntimeException e) {
      container.stop();
      throw new IllegalStateException("could not create the application role", e);
    }
  }
}
