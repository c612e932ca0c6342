package io.callstream.ingest.testing;

import io.callstream.api.auth.ApiKeyRepository;
import io.callstream.api.auth.ApiKeySecret;
import io.callstream.api.auth.Role;
import io.callstream.api.workspace.WorkspaceRepository;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.crypto.FileKeysetStore;
import io.callstream.core.crypto.MasterKey;
import io.callstream.core.crypto.WorkspaceKeyring;
import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.embedded.kafka.KafkaEndpoint;
import io.callstream.embedded.postgres.PostgresEndpoint;
import io.callstream.ingest.IngestApplication;
import io.callstream.ingest.call.CallCreated;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
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
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The ingest service as {@link IngestServer} started it: where it listens, clients for it, and
 * fixtures that need its beans (workspaces and keys) or its files (the keysets). Thread-safe.
 */
public final class RunningIngest implements AutoCloseable {

  /**
   * How long a test waits for one answer or for a set-up step: far beyond what a healthy run needs,
   * so only a hang fails, never a slow shared machine.
   */
  public static final Duration PATIENCE = Duration.ofMinutes(2);

  private final ConfigurableApplicationContext context;
  private final URI baseUrl;
  private final Path directory;
  private final KafkaEndpoint kafka;
  private final ConnectionPool owner;

  private RunningIngest(
      ConfigurableApplicationContext context,
      URI baseUrl,
      Path directory,
      KafkaEndpoint kafka,
      ConnectionPool owner) {
    this.context = context;
    this.baseUrl = baseUrl;
    this.directory = directory;
    this.kafka = kafka;
    this.owner = owner;
  }

  /** Starts the service the way a deployment does: configuration through its variables. */
  static RunningIngest start(Infrastructure infrastructure) {
    Objects.requireNonNull(infrastructure, "infrastructure must not be null");
    return start(infrastructure.postgres(), infrastructure.kafka(), Map.of());
  }

  /**
   * Starts a service of its own, for a test that needs other settings or another Kafka broker than
   * the shared service: configuration through its variables, and {@code properties} over the
   * service's configuration file. The caller closes it.
   *
   * @param postgres the database as its owner, which migrates it; the service connects as its
   *     application role ({@link SharedInfrastructure#applicationRoleOf}), so row-level security
   *     binds it as in production
   */
  public static RunningIngest start(
      PostgresEndpoint postgres, KafkaEndpoint kafka, Map<String, String> properties) {
    Objects.requireNonNull(postgres, "postgres must not be null");
    Objects.requireNonNull(kafka, "kafka must not be null");
    Objects.requireNonNull(properties, "properties must not be null");
    Path directory;
    try {
      directory = Files.createTempDirectory("callstream-ingest-it-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the ingest keys", e);
    }
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--DATABASE_URL=" + databaseUrl(SharedInfrastructure.applicationRoleOf(postgres)),
                "--DATABASE_MIGRATION_URL=" + databaseUrl(postgres),
                "--KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers(),
                "--CALLSTREAM_MASTER_KEY=file:" + directory.resolve("master.keyset.json"),
                "--CALLSTREAM_KEYSET_DIR=" + directory.resolve("keysets"),
                "--spring.main.banner-mode=off",
                // the extension closes the service, before Kafka and PostgreSQL stop
                "--spring.main.register-shutdown-hook=false"));
    properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
    ConfigurableApplicationContext context =
        IngestApplication.application()
            .sources(OwnNettyResources.class)
            .run(arguments.toArray(String[]::new));
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return new RunningIngest(
        context, URI.create("http://localhost:" + port), directory, kafka, ownerPool(postgres));
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
   * The database as its owner, for fixtures and checks behind the service: row-level security does
   * not bind the owner, so it sees every workspace's rows. The service's own client ({@code
   * bean(DatabaseClient.class)}) sees rows only inside a {@code WorkspaceScope}.
   */
  public DatabaseClient db() {
    return DatabaseClient.create(owner);
  }

  /**
   * Event loops of the service's own. Spring Boot's default shares Reactor Netty's global ones and
   * disposes them when a context closes, which would take down every other service in the test JVM
   * with it: a test that closes a service of its own must not stop the shared one.
   */
  static final class OwnNettyResources {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
      ReactorResourceFactory resources = new ReactorResourceFactory();
      resources.setUseGlobalResources(false);
      return resources;
    }
  }

  /** {@code http://localhost:<port>}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The Kafka broker the service produces to. */
  public KafkaEndpoint kafka() {
    return kafka;
  }

  /** A real HTTP client of the service that sends no credentials. */
  public WebTestClient anonymous() {
    return WebTestClient.bindToServer()
        .baseUrl(baseUrl.toString())
        .responseTimeout(PATIENCE)
        .build();
  }

  /** A real HTTP client of the service that presents {@code workspace}'s API key. */
  public WebTestClient clientOf(TestWorkspace workspace) {
    return anonymous()
        .mutate()
        .defaultHeader(HttpHeaders.AUTHORIZATION, workspace.bearer())
        .build();
  }

  /** A new workspace, with an API key of {@code role}, straight into the service's database. */
  public TestWorkspace newWorkspace(Role role) {
    String workspaceId = "ws_it_" + Ids.timeOrdered().replace("-", "");
    ApiKeySecret key = ApiKeySecret.generate();
    context
        .getBean(WorkspaceRepository.class)
        .insert(workspaceId, "IT workspace", "free")
        .then(context.getBean(ApiKeyRepository.class).insert(workspaceId, key, "it key", role))
        .block(PATIENCE);
    return new TestWorkspace(workspaceId, key.token(), key.id());
  }

  /** Creates a call through the API, as a client does, and returns its id. */
  public String createCall(TestWorkspace workspace, Map<String, ?> body) {
    return clientOf(workspace)
        .post()
        .uri(workspace.calls())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.CREATED)
        .expectBody(CallCreated.class)
        .returnResult()
        .getResponseBody()
        .callId();
  }

  /**
   * A field cipher of its own on the service's master key and keyset directory, as another service
   * (a Flink job, the query API) would read what ingest encrypted.
   */
  public FieldCipher readerCipher() {
    return FieldCipher.of(
        WorkspaceKeyring.of(
            MasterKey.fromUri("file:" + directory.resolve("master.keyset.json")),
            FileKeysetStore.of(directory.resolve("keysets"))));
  }

  /** One of the service's beans, for checks behind the API. */
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
