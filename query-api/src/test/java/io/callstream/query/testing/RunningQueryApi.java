package io.callstream.query.testing;

import io.callstream.api.workspace.WorkspaceRepository;
import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.embedded.kafka.KafkaEndpoint;
import io.callstream.embedded.postgres.PostgresEndpoint;
import io.callstream.query.QueryApiApplication;
import io.callstream.query.live.LiveFeed;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A query API service a test started and closes, configured through the variables a deployment
 * sets, against the shared Kafka broker and PostgreSQL: it migrates as the database's owner ({@code
 * DATABASE_MIGRATION_URL}) and connects as the application role ({@code DATABASE_URL}), so
 * row-level security binds it as in production. Thread-safe.
 */
public final class RunningQueryApi implements AutoCloseable {

  /**
   * How long a test waits for one answer or for a set-up step: far beyond what a healthy run needs,
   * so only a hang fails, never a slow shared machine.
   */
  public static final Duration PATIENCE = Duration.ofMinutes(2);

  private final ConfigurableApplicationContext context;
  private final Path directory;
  private final ConnectionPool owner;

  private RunningQueryApi(
      ConfigurableApplicationContext context, Path directory, ConnectionPool owner) {
    this.context = context;
    this.directory = directory;
    this.owner = owner;
  }

  /**
   * Starts a service: configuration through its variables, and {@code properties} over its
   * configuration file, with keys of its own. The caller closes it.
   *
   * @param postgres the database as its owner; the service connects as its application role ({@link
   *     SharedInfrastructure#applicationRoleOf})
   */
  public static RunningQueryApi start(
      PostgresEndpoint postgres, KafkaEndpoint kafka, Map<String, String> properties) {
    return start(postgres, kafka, properties, null);
  }

  /**
   * Starts a service like {@link #start(PostgresEndpoint, KafkaEndpoint, Map)}, with the master key
   * and keysets of {@code sameKeysAs}: as instances of one deployment share them.
   */
  public static RunningQueryApi start(
      PostgresEndpoint postgres,
      KafkaEndpoint kafka,
      Map<String, String> properties,
      @Nullable RunningQueryApi sameKeysAs) {
    Objects.requireNonNull(postgres, "postgres must not be null");
    Objects.requireNonNull(kafka, "kafka must not be null");
    Objects.requireNonNull(properties, "properties must not be null");
    Path directory;
    try {
      directory = Files.createTempDirectory("callstream-query-it-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the keys", e);
    }
    Path keys = sameKeysAs == null ? directory : sameKeysAs.directory;
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--DATABASE_URL=" + databaseUrl(SharedInfrastructure.applicationRoleOf(postgres)),
                "--DATABASE_MIGRATION_URL=" + databaseUrl(postgres),
                "--KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers(),
                "--CALLSTREAM_MASTER_KEY=file:" + keys.resolve("master.keyset.json"),
                "--CALLSTREAM_KEYSET_DIR=" + keys.resolve("keysets"),
                "--spring.main.banner-mode=off",
                // the test closes the service, before Kafka and PostgreSQL stop
                "--spring.main.register-shutdown-hook=false"));
    properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
    ConfigurableApplicationContext context =
        QueryApiApplication.application()
            .sources(OwnNettyResources.class)
            .run(arguments.toArray(String[]::new));
    RunningQueryApi api = new RunningQueryApi(context, directory, ownerPool(postgres));
    // streams open only once the live feed listens
    Eventually.await("the live feed listens", () -> api.bean(LiveFeed.class).isListening());
    return api;
  }

  private static String databaseUrl(PostgresEndpoint postgres) {
    return postgres.jdbcUrl()
        + "?user="
        + URLEncoder.encode(postgres.user(), StandardCharsets.UTF_8)
        + "&password="
        + URLEncoder.encode(postgres.password(), StandardCharsets.UTF_8);
  }

  /** Warmed up: a check that waits for its first connection can miss a live event. */
  private static ConnectionPool ownerPool(PostgresEndpoint postgres) {
    ConnectionPool pool =
        new ConnectionPool(
            ConnectionPoolConfiguration.builder(
                    new PostgresqlConnectionFactory(
                        PostgresqlConnectionConfiguration.builder()
                            .host(postgres.host())
                            .port(postgres.port())
                            .database(postgres.database())
                            .username(postgres.user())
                            .password(postgres.password())
                            .build()))
                .initialSize(2)
                .maxSize(4)
                .build());
    pool.warmup().block(PATIENCE);
    return pool;
  }

  /**
   * Event loops of the service's own: Spring Boot's default shares Reactor Netty's global ones and
   * disposes them when a context closes, which would stop a second service in the same JVM.
   */
  static final class OwnNettyResources {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
      ReactorResourceFactory resources = new ReactorResourceFactory();
      resources.setUseGlobalResources(false);
      return resources;
    }
  }

  /** A new workspace, straight into the service's database; returns its id. */
  public String newWorkspace() {
    String workspaceId = "ws_it_" + Ids.timeOrdered().replace("-", "");
    bean(WorkspaceRepository.class).insert(workspaceId, "IT workspace", "free").block(PATIENCE);
    return workspaceId;
  }

  /** A new call of {@code workspaceId}, as ingest would have created it; returns its id. */
  public String newCall(String workspaceId) {
    String callId = Ids.timeOrdered();
    db().sql(
            "insert into calls (workspace_id, id, title, source)"
                + " values (:workspaceId, :id, 'IT call', 'upload')")
        .bind("workspaceId", workspaceId)
        .bind("id", callId)
        .then()
        .block(PATIENCE);
    return callId;
  }

  /**
   * The database as its owner, for fixtures and checks behind the service: row-level security does
   * not bind the owner, so it sees every workspace's rows. The service's own client ({@code
   * bean(DatabaseClient.class)}) sees rows only inside a {@code WorkspaceScope}.
   */
  public DatabaseClient db() {
    return DatabaseClient.create(owner);
  }

  /** One of the service's beans. */
  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  @Override
  public void close() {
    context.close();
    owner.dispose();
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // a left-over temporary directory is harmless
    }
  }
}
