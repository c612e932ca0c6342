package io.callstream.standalone;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.callstream.api.config.DatabaseUrl;
import io.callstream.api.config.ServiceSettings;
import io.callstream.api.workspace.FirstWorkspace;
import io.callstream.core.crypto.MasterKey;
import io.callstream.core.crypto.MasterKeyException;
import io.callstream.core.event.Topic;
import io.callstream.embedded.PortInUseException;
import io.callstream.embedded.Ports;
import io.callstream.embedded.flink.EmbeddedFlink;
import io.callstream.embedded.flink.FlinkRunner;
import io.callstream.embedded.flink.RemoteFlink;
import io.callstream.embedded.kafka.EmbeddedKafka;
import io.callstream.embedded.kafka.KafkaEndpoint;
import io.callstream.embedded.kafka.KafkaTopics;
import io.callstream.embedded.postgres.EmbeddedPostgresServer;
import io.callstream.embedded.postgres.PostgresEndpoint;
import io.callstream.flink.AnalysisJob;
import io.callstream.flink.AnalysisSettings;
import io.callstream.flink.CallstreamJobs;
import io.callstream.flink.EnvironmentSettings;
import io.callstream.flink.kafka.KafkaEndpoints;
import io.callstream.ingest.IngestApplication;
import io.callstream.query.QueryApiApplication;
import io.callstream.standalone.health.FlinkJobHealth;
import io.callstream.standalone.health.HttpServiceHealth;
import io.callstream.standalone.health.KafkaHealth;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Brings up every part of callstream in order (PostgreSQL, Kafka, Flink and its job, ingest, query
 * API) and takes them down in reverse. Each part is embedded unless the configuration names an
 * external one.
 */
public final class StandaloneProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StandaloneProcess.class);
  private static final String LOCALHOST = "localhost";

  private final StandaloneConfig config;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private String bootstrapServers;
  private String databaseUrl;
  private @Nullable String databaseMigrationUrl;
  private URI flinkUi;
  private FirstWorkspace.Bootstrap workspace;

  private StandaloneProcess(StandaloneConfig config) {
    this.config = config;
  }

  /** Starts everything; on failure stops what had started and throws {@link StartupException}. */
  public static StandaloneProcess start(StandaloneConfig config) {
    StandaloneProcess process = new StandaloneProcess(config);
    try {
      process.startParts();
      return process;
    } catch (RuntimeException e) {
      process.close();
      throw explain(e);
    }
  }

  private void startParts() {
    createDataDirectory();
    MasterKey.fromUri(config.masterKey());
    AnalysisSettings analysis = analysisSettings();
    int queryPort =
        Ports.resolve("query API", LOCALHOST, config.queryPort(), "CALLSTREAM_QUERY_PORT");
    int ingestPort =
        Ports.resolve("ingest", LOCALHOST, config.ingestPort(), "CALLSTREAM_INGEST_PORT");
    databaseUrl = startPostgres();
    bootstrapServers = startKafka();
    JobClient job = startFlinkJob(analysis);
    ConfigurableApplicationContext ingest =
        startService(
            IngestApplication.application(),
            ingestPort,
            Map.of(),
            // the dashboard (query API) uploads from the browser, cross-origin
            Map.of(
                "callstream.ingest.cors.allowed-origins",
                "http://localhost:" + queryPort + ",http://127.0.0.1:" + queryPort));
    FirstWorkspace firstWorkspace = ingest.getBean(FirstWorkspace.class);
    // Start-up runs on the main thread, never on Netty's: waiting here stalls no request.
    workspace = firstWorkspace.ensure().block(Duration.ofSeconds(30));
    KafkaHealth kafkaHealth = new KafkaHealth(bootstrapServers);
    started.push(kafkaHealth);
    startService(
        QueryApiApplication.application(),
        queryPort,
        Map.of(
            "kafka", kafkaHealth,
            "flink", new FlinkJobHealth(job, flinkUi.toString()),
            "ingest",
                new HttpServiceHealth(
                    URI.create("http://localhost:" + ingestPort + "/actuator/health"))),
        Map.of("callstream.dashboard.ingest-url", "http://localhost:" + ingestPort));
  }

  private void createDataDirectory() {
    try {
      Files.createDirectories(config.dataDirectory());
    } catch (IOException e) {
      throw new StartupException(
          "cannot create the data directory "
              + config.dataDirectory()
              + " ("
              + e.getMessage()
              + "): set CALLSTREAM_DATA_DIR to a writable directory");
    }
  }

  /**
   * Starts the embedded PostgreSQL, or checks the external one; answers the URL the services
   * connect as and sets the one they migrate as: the embedded server's owner and its application
   * role (which owns nothing, so row-level security binds it); for an external database, {@code
   * DATABASE_URL} and, if set, {@code DATABASE_MIGRATION_URL} (else migrations use {@code
   * DATABASE_URL} too).
   */
  private String startPostgres() {
    if (config.databaseUrl() != null) {
      var db = config.databaseUrl();
      String migration = config.environment().get("DATABASE_MIGRATION_URL");
      databaseMigrationUrl = migration == null || migration.isBlank() ? null : migration;
      try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
        LOG.info("Using PostgreSQL at {}", db);
      } catch (SQLException e) {
        throw new StartupException(
            "cannot connect to PostgreSQL at "
                + db
                + " ("
                + firstLine(e.getMessage())
                + "): check DATABASE_URL, or unset it to run the embedded PostgreSQL");
      }
      return databaseUrl(db);
    }
    EmbeddedPostgresServer postgres =
        EmbeddedPostgresServer.builder(config.dataDirectory().resolve("postgres"))
            .port(config.postgresPort())
            .start();
    started.push(postgres);
    LOG.info("PostgreSQL up at {}", postgres.endpoint());
    databaseMigrationUrl = databaseUrl(postgres.endpoint());
    return databaseUrl(postgres.applicationEndpoint());
  }

  private static String databaseUrl(PostgresEndpoint endpoint) {
    return databaseUrl(
        new DatabaseUrl(
            endpoint.host(),
            endpoint.port(),
            endpoint.database(),
            endpoint.user(),
            endpoint.password()));
  }

  /** The URL handed to the services, credentials included (and encoded). */
  private static String databaseUrl(DatabaseUrl db) {
    StringBuilder url = new StringBuilder(db.jdbcUrl());
    char separator = '?';
    if (db.user() != null) {
      url.append(separator).append("user=").append(URLEncoder.encode(db.user(), UTF_8));
      separator = '&';
    }
    if (db.password() != null) {
      url.append(separator).append("password=").append(URLEncoder.encode(db.password(), UTF_8));
    }
    return url.toString();
  }

  private String startKafka() {
    String servers;
    if (config.kafkaBootstrapServers() != null) {
      servers = config.kafkaBootstrapServers();
      LOG.info("Using Kafka at {}", servers);
    } else {
      EmbeddedKafka kafka =
          EmbeddedKafka.builder(config.dataDirectory().resolve("kafka"))
              .port(config.kafkaPort())
              .start();
      started.push(kafka);
      servers = kafka.bootstrapServers();
      LOG.info("Kafka up at {}", servers);
    }
    try {
      KafkaTopics.create(KafkaEndpoint.of(servers), List.of(Topic.values()));
    } catch (RuntimeException e) {
      throw new StartupException(
          "cannot create the callstream topics on Kafka at "
              + servers
              + " ("
              + firstLine(e.getMessage())
              + "): check KAFKA_BOOTSTRAP_SERVERS, or unset it to run the embedded broker",
          e);
    }
    return servers;
  }

  private JobClient startFlinkJob(AnalysisSettings analysis) {
    FlinkRunner runner;
    if (config.flinkRestAddress() != null) {
      if (!Files.isRegularFile(config.flinkJobJar())) {
        throw new StartupException(
            "the Flink job jar "
                + config.flinkJobJar().toAbsolutePath()
                + " does not exist: build it with ./mvnw -B -DskipTests package, or set FLINK_JOB_JAR");
      }
      runner = RemoteFlink.of(config.flinkRestAddress(), List.of(config.flinkJobJar()));
    } else {
      EmbeddedFlink flink =
          EmbeddedFlink.builder(config.dataDirectory().resolve("flink"))
              .restPort(config.flinkPort())
              .resumeFromLatestCheckpoint(true)
              .start();
      started.push(flink);
      runner = flink;
    }
    flinkUi = runner.restAddress();
    KafkaEndpoints kafka = KafkaEndpoints.of(bootstrapServers, CallstreamJobs.CONSUMER_GROUP);
    JobClient job =
        runner.submit(
            AnalysisJob.NAME,
            env -> {
              CallstreamJobs.configure(env);
              CallstreamJobs.addJobs(env, kafka, analysis);
            });
    started.push(() -> job.cancel().get());
    LOG.info("Flink job {} submitted to {}", job.getJobID(), flinkUi);
    return job;
  }

  /** The analysis settings of the environment, with the keys where this process keeps them. */
  private AnalysisSettings analysisSettings() {
    Map<String, String> env = new HashMap<>(config.environment());
    env.put("CALLSTREAM_MASTER_KEY", config.masterKey());
    env.put("CALLSTREAM_KEYSET_DIR", config.keysetDirectory().toString());
    try {
      return EnvironmentSettings.read(env);
    } catch (IllegalArgumentException e) {
      throw new StartupException(e.getMessage());
    }
  }

  private ConfigurableApplicationContext startService(
      SpringApplicationBuilder application,
      int port,
      Map<String, Object> healthIndicators,
      Map<String, Object> properties) {
    Map<String, Object> extra = new HashMap<>(properties);
    extra.put("management.endpoint.health.show-details", "always");
    ConfigurableApplicationContext context =
        application
            .initializers(
                ctx ->
                    healthIndicators.forEach(
                        (name, indicator) ->
                            ctx.getBeanFactory()
                                .registerSingleton(name + "HealthIndicator", indicator)))
            .run(
                new ServiceSettings(
                        port,
                        databaseUrl,
                        bootstrapServers,
                        config.masterKey(),
                        config.keysetDirectory(),
                        databaseMigrationUrl)
                    .arguments(extra));
    started.push(context);
    return context;
  }

  /** The first workspace, and its Owner key when this start created it. */
  public FirstWorkspace.Bootstrap workspace() {
    return workspace;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public URI queryUrl() {
    return URI.create("http://localhost:" + config.queryPort());
  }

  public URI ingestUrl() {
    return URI.create("http://localhost:" + config.ingestPort());
  }

  public URI healthUrl() {
    return queryUrl().resolve("/actuator/health");
  }

  public URI flinkUi() {
    return flinkUi;
  }

  /** Stops every part that started, newest first; never throws. */
  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable part = started.pop();
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("Stopping {} failed: {}", part, e.toString());
      }
    }
  }

  private static StartupException explain(RuntimeException e) {
    if (e instanceof StartupException startup) {
      return startup;
    }
    if (e instanceof PortInUseException || e instanceof MasterKeyException) {
      return new StartupException(e.getMessage(), e);
    }
    return new StartupException(
        "start-up failed: " + firstLine(String.valueOf(rootCause(e).getMessage())), e);
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
