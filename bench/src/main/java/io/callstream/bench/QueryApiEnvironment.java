package io.callstream.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.callstream.api.config.ServiceSettings;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.api.workspace.FirstWorkspace;
import io.callstream.core.event.Topic;
import io.callstream.core.id.Ids;
import io.callstream.embedded.kafka.EmbeddedKafka;
import io.callstream.embedded.kafka.KafkaEndpoint;
import io.callstream.embedded.postgres.EmbeddedPostgresServer;
import io.callstream.embedded.postgres.PostgresEndpoint;
import io.callstream.query.QueryApiApplication;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * A real Kafka broker, a real PostgreSQL and the query API in this process, in a temporary
 * directory, with a workspace and its Owner key: what the query benchmarks measure against. Set-up
 * methods block and belong on the benchmark's main thread.
 */
final class QueryApiEnvironment implements AutoCloseable {

  private static final Duration SET_UP = Duration.ofMinutes(1);

  private final Path directory;
  private final EmbeddedPostgresServer postgres;
  private final EmbeddedKafka kafka;
  private final ConfigurableApplicationContext queryApi;
  private final FirstWorkspace.Bootstrap workspace;

  private QueryApiEnvironment(
      Path directory,
      EmbeddedPostgresServer postgres,
      EmbeddedKafka kafka,
      ConfigurableApplicationContext queryApi,
      FirstWorkspace.Bootstrap workspace) {
    this.directory = directory;
    this.postgres = postgres;
    this.kafka = kafka;
    this.queryApi = queryApi;
    this.workspace = workspace;
  }

  static QueryApiEnvironment start() throws IOException {
    return start(Map.of());
  }

  /**
   * Starts with {@code properties} added to the query API's configuration (they win over its
   * defaults), for example {@code callstream.query.sse.heartbeat}.
   */
  static QueryApiEnvironment start(Map<String, Object> properties) throws IOException {
    Objects.requireNonNull(properties, "properties must not be null");
    Path directory = Files.createTempDirectory("callstream-bench-query-");
    EmbeddedPostgresServer postgres =
        EmbeddedPostgresServer.builder(directory.resolve("postgres")).start();
    EmbeddedKafka kafka = EmbeddedKafka.builder(directory.resolve("kafka")).start();
    kafka.createTopics(List.of(Topic.values()));
    ServiceSettings settings =
        new ServiceSettings(
            0,
            // the service connects as the role that owns nothing; the owner migrates
            databaseUrl(postgres.applicationEndpoint()),
            kafka.bootstrapServers(),
            "file:" + directory.resolve("keys/master.keyset.json"),
            directory.resolve("keys/workspaces"),
            databaseUrl(postgres.endpoint()));
    ConfigurableApplicationContext queryApi =
        QueryApiApplication.application().run(settings.arguments(withQuietLogs(properties)));
    FirstWorkspace.Bootstrap workspace =
        queryApi.getBean(FirstWorkspace.class).ensure().block(SET_UP);
    if (workspace == null || workspace.ownerKey() == null) {
      throw new IllegalStateException("a fresh database gave no first workspace with a key");
    }
    return new QueryApiEnvironment(directory, postgres, kafka, queryApi, workspace);
  }

  /** The database as {@code endpoint}'s role, credentials included. */
  static String databaseUrl(PostgresEndpoint endpoint) {
    return endpoint.jdbcUrl()
        + "?user="
        + URLEncoder.encode(endpoint.user(), UTF_8)
        + "&password="
        + URLEncoder.encode(endpoint.password(), UTF_8);
  }

  private static Map<String, Object> withQuietLogs(Map<String, Object> properties) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("logging.level.root", "WARN");
    all.putAll(properties);
    return all;
  }

  URI url() {
    return URI.create(
        "http://localhost:" + ((WebServerApplicationContext) queryApi).getWebServer().getPort());
  }

  String workspaceId() {
    return workspace.workspaceId();
  }

  /** The Owner key, as a client presents it. */
  String ownerKey() {
    return workspace.ownerKey();
  }

  /** The Kafka broker the query API consumes from. */
  KafkaEndpoint kafka() {
    return kafka.endpoint();
  }

  /** One of the query API's beans. */
  <T> T bean(Class<T> type) {
    return queryApi.getBean(type);
  }

  /** A new call of the workspace, as ingest would have created it; returns its id. */
  String newCall(String title) {
    Objects.requireNonNull(title, "title must not be null");
    String callId = Ids.timeOrdered();
    bean(WorkspaceScope.class)
        .mono(
            workspaceId(),
            bean(DatabaseClient.class)
                .sql(
                    "insert into calls (workspace_id, id, title, source)"
                        + " values (:workspaceId, :id, :title, 'upload')")
                .bind("workspaceId", workspaceId())
                .bind("id", callId)
                .bind("title", title)
                .then())
        .block(SET_UP);
    return callId;
  }

  /**
   * Stores a mindmap's ciphertext for a call, the row the results consumer would write for a {@code
   * MindmapUpdated} event.
   */
  void storeMindmap(String callId, long version, byte[] ciphertext, String analyzer) {
    Mono<Void> insert =
        bean(DatabaseClient.class)
            .sql(
                "insert into call_mindmaps"
                    + " (workspace_id, call_id, version, mindmap, analyzer, event_id, occurred_at)"
                    + " values (:workspaceId, :callId, :version, :mindmap, :analyzer, :eventId,"
                    + " :occurredAt)")
            .bind("workspaceId", workspaceId())
            .bind("callId", callId)
            .bind("version", version)
            .bind("mindmap", ciphertext)
            .bind("analyzer", analyzer)
            .bind("eventId", Ids.deterministic("mindmap-updated", callId, version))
            .bind("occurredAt", Instant.now())
            .then();
    bean(WorkspaceScope.class).mono(workspaceId(), insert).block(SET_UP);
  }

  /**
   * A connection pool of the benchmark's own on the same database, as large as the query API's and
   * as the same role (the application role, bound by row-level security), so a baseline has the
   * connections the service has.
   */
  ConnectionPool rawPool() {
    return pool(postgres.applicationEndpoint());
  }

  /**
   * The same pool as the database's owner, whom row-level security does not bind: a select needs no
   * transaction and no workspace scope. The baseline that prices the scope.
   */
  ConnectionPool ownerPool() {
    return pool(postgres.endpoint());
  }

  private ConnectionPool pool(PostgresEndpoint endpoint) {
    int maxSize = servicePool().getMaxAllocatedSize();
    PostgresqlConnectionFactory driver =
        new PostgresqlConnectionFactory(
            PostgresqlConnectionConfiguration.builder()
                .host(endpoint.host())
                .port(endpoint.port())
                .database(endpoint.database())
                .username(endpoint.user())
                .password(endpoint.password())
                .build());
    ConnectionPool pool =
        new ConnectionPool(
            ConnectionPoolConfiguration.builder(driver)
                .initialSize(maxSize)
                .maxSize(maxSize)
                .build());
    pool.warmup().block(SET_UP);
    return pool;
  }

  /** The metrics of the query API's own pool. */
  PoolMetrics servicePool() {
    ConnectionFactory factory = bean(ConnectionFactory.class);
    if (!(factory instanceof ConnectionPool pool)) {
      throw new IllegalStateException("the query API has no connection pool but " + factory);
    }
    return pool.getMetrics()
        .orElseThrow(() -> new IllegalStateException("the query API's pool has no metrics"));
  }

  @Override
  public void close() {
    queryApi.close();
    kafka.close();
    postgres.close();
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // a left-over temporary directory is harmless
    }
  }
}
