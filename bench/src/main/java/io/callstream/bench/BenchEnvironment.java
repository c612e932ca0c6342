package io.callstream.bench;

import io.callstream.api.config.ServiceSettings;
import io.callstream.api.workspace.FirstWorkspace;
import io.callstream.core.event.Topic;
import io.callstream.embedded.kafka.EmbeddedKafka;
import io.callstream.embedded.postgres.EmbeddedPostgresServer;
import io.callstream.ingest.IngestApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Kafka broker, a real PostgreSQL and the ingest service in this process, in a temporary
 * directory, with a workspace and its Owner key: what the benchmarks measure against.
 */
final class BenchEnvironment implements AutoCloseable {

  private static final Pattern CALL_ID = Pattern.compile("\"callId\":\"([^\"]+)\"");

  private final Path directory;
  private final EmbeddedPostgresServer postgres;
  private final EmbeddedKafka kafka;
  private final ConfigurableApplicationContext ingest;
  private final FirstWorkspace.Bootstrap workspace;

  private BenchEnvironment(
      Path directory,
      EmbeddedPostgresServer postgres,
      EmbeddedKafka kafka,
      ConfigurableApplicationContext ingest,
      FirstWorkspace.Bootstrap workspace) {
    this.directory = directory;
    this.postgres = postgres;
    this.kafka = kafka;
    this.ingest = ingest;
    this.workspace = workspace;
  }

  static BenchEnvironment start() throws IOException {
    Path directory = Files.createTempDirectory("callstream-bench-");
    EmbeddedPostgresServer postgres =
        EmbeddedPostgresServer.builder(directory.resolve("postgres")).start();
    EmbeddedKafka kafka = EmbeddedKafka.builder(directory.resolve("kafka")).start();
    kafka.createTopics(List.of(Topic.values()));
    ServiceSettings settings =
        new ServiceSettings(
            0,
            // the services connect as the role that owns nothing; the owner migrates
            QueryApiEnvironment.databaseUrl(postgres.applicationEndpoint()),
            kafka.bootstrapServers(),
            "file:" + directory.resolve("keys/master.keyset.json"),
            directory.resolve("keys/workspaces"),
            QueryApiEnvironment.databaseUrl(postgres.endpoint()));
    ConfigurableApplicationContext ingest =
        IngestApplication.application()
            .run(settings.arguments(Map.of("logging.level.root", "WARN")));
    // Set-up on the benchmark's main thread, before anything is measured.
    FirstWorkspace.Bootstrap workspace =
        ingest.getBean(FirstWorkspace.class).ensure().block(Duration.ofMinutes(1));
    return new BenchEnvironment(directory, postgres, kafka, ingest, workspace);
  }

  URI ingestUrl() {
    return URI.create(
        "http://localhost:" + ((WebServerApplicationContext) ingest).getWebServer().getPort());
  }

  String workspaceId() {
    return workspace.workspaceId();
  }

  String bearer() {
    return "Bearer " + workspace.ownerKey();
  }

  /** Creates a call through the API and answers its id. */
  String createCall(HttpClient http) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(ingestUrl() + "/v1/workspaces/" + workspaceId() + "/calls"))
            .header("Authorization", bearer())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"bench\"}"))
            .build();
    String answer = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    Matcher callId = CALL_ID.matcher(answer);
    if (!callId.find()) {
      throw new IllegalStateException("no call id in " + answer);
    }
    return callId.group(1);
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  ConfigurableApplicationContext ingest() {
    return ingest;
  }

  Path directory() {
    return directory;
  }

  @Override
  public void close() {
    ingest.close();
    kafka.close();
    postgres.close();
  }
}
