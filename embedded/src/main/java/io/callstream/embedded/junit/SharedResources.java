package io.callstream.embedded.junit;

import io.callstream.core.event.Topic;
import io.callstream.embedded.flink.EmbeddedFlink;
import io.callstream.embedded.flink.FlinkRunner;
import io.callstream.embedded.kafka.EmbeddedKafka;
import io.callstream.embedded.kafka.KafkaEndpoint;
import io.callstream.embedded.postgres.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the servers behind one {@link Infrastructure} and the temporary directory they keep their
 * data in; JUnit closes it with the root extension context, at the end of the test JVM's run.
 */
final class SharedResources implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SharedResources.class);

  private final Path dataDirectory;
  private final Lazy<KafkaEndpoint> kafka;
  private final Lazy<PostgresRoles> postgres;
  private final Lazy<FlinkRunner> flink;
  private final Infrastructure infrastructure;

  private SharedResources(
      String mode,
      Path dataDirectory,
      Lazy<KafkaEndpoint> kafka,
      Lazy<PostgresRoles> postgres,
      Lazy<FlinkRunner> flink) {
    this.dataDirectory = dataDirectory;
    this.kafka = kafka;
    this.postgres = postgres;
    this.flink = flink;
    this.infrastructure = new Infrastructure(mode, kafka, postgres, flink);
  }

  /**
   * Embedded Kafka and PostgreSQL, or Testcontainers' if {@code testcontainers}; Flink embedded.
   */
  static SharedResources create(String mode) {
    boolean testcontainers = SharedInfrastructure.TESTCONTAINERS.equals(mode);
    if (!testcontainers && !SharedInfrastructure.EMBEDDED.equals(mode)) {
      throw new IllegalArgumentException(
          SharedInfrastructure.MODE_PROPERTY
              + " must be "
              + SharedInfrastructure.EMBEDDED
              + " or "
              + SharedInfrastructure.TESTCONTAINERS
              + ", was "
              + mode);
    }
    if (testcontainers) {
      requireTestcontainers();
    }
    Path dataDirectory;
    try {
      dataDirectory = Files.createTempDirectory("callstream-infra-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the shared infrastructure", e);
    }
    Lazy<FlinkRunner> flink =
        new Lazy<>(
            "Flink MiniCluster",
            () -> {
              // Four slots: enough for a few small jobs side by side on a two-core machine.
              EmbeddedFlink embedded = EmbeddedFlink.builder(dataDirectory).slots(4).start();
              return new Lazy.Started<>(embedded, embedded);
            });
    if (testcontainers) {
      return new SharedResources(
          mode,
          dataDirectory,
          new Lazy<>("Kafka container", TestcontainersServers::kafka),
          new Lazy<>("PostgreSQL container", TestcontainersServers::postgres),
          flink);
    }
    return new SharedResources(
        mode, dataDirectory, embeddedKafka(dataDirectory), embeddedPostgres(dataDirectory), flink);
  }

  /** Testcontainers is optional here: each module that tests with it declares it itself. */
  private static void requireTestcontainers() {
    try {
      Class.forName(
          "org.testcontainers.kafka.KafkaContainer", false, SharedResources.class.getClassLoader());
      Class.forName(
          "org.testcontainers.postgresql.PostgreSQLContainer",
          false,
          SharedResources.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          SharedInfrastructure.MODE_PROPERTY
              + "="
              + SharedInfrastructure.TESTCONTAINERS
              + " needs org.testcontainers:testcontainers-kafka and testcontainers-postgresql as"
              + " test dependencies of this module",
          e);
    }
  }

  private static Lazy<KafkaEndpoint> embeddedKafka(Path dataDirectory) {
    return new Lazy<>(
        "Kafka broker",
        () -> {
          EmbeddedKafka kafka = EmbeddedKafka.start(dataDirectory, 0);
          try {
            kafka.createTopics(List.of(Topic.values()));
          } catch (RuntimeException e) {
            kafka.close();
            throw e;
          }
          return new Lazy.Started<>(kafka.endpoint(), kafka);
        });
  }

  private static Lazy<PostgresRoles> embeddedPostgres(Path dataDirectory) {
    return new Lazy<>(
        "PostgreSQL server",
        () -> {
          EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDirectory, 0);
          return new Lazy.Started<>(
              new PostgresRoles(postgres.endpoint(), postgres.applicationEndpoint()), postgres);
        });
  }

  Infrastructure infrastructure() {
    return infrastructure;
  }

  /** Stops Flink first (its jobs read and write Kafka), then Kafka, then PostgreSQL. */
  @Override
  public void close() {
    flink.close();
    kafka.close();
    postgres.close();
    deleteQuietly(dataDirectory);
  }

  private static void deleteQuietly(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(SharedResources::deleteOne);
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("Could not delete {}", directory, e);
    }
  }

  private static void deleteOne(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
