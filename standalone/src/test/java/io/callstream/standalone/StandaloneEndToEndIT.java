package io.callstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.core.cloudevents.CallstreamEventDeserializer;
import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.MindmapUpdated;
import io.callstream.core.event.Progress;
import io.callstream.core.event.Topic;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton, end to end, on the packaged standalone process started the way {@code
 * ./callstream} starts it: a transcript posted to ingest passes through Kafka and the Flink job and
 * comes out of Kafka as progress, read with {@code read_committed}. Ctrl-C leaves no process
 * behind, and a restart on the same data directory keeps the workspace, the call and the job's
 * progress.
 */
class StandaloneEndToEndIT {

  private static final Duration START_DEADLINE = Duration.ofMinutes(4);
  private static final Duration EVENT_DEADLINE = Duration.ofMinutes(2);
  private static final Pattern CALL_ID = Pattern.compile("\"callId\":\"([^\"]+)\"");

  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dataDirectory;

  @Test
  void shouldCarryTranscriptThroughKafkaAndFlinkAndSurviveRestart() throws Exception {
    Map<String, String> env = environment();
    String workspace;
    String key;
    String callId;
    try (StandaloneChild first = StandaloneChild.start(env)) {
      Instant started = Instant.now();
      assertThat(first.awaitUp(START_DEADLINE)).as(first.output()).isTrue();
      System.out.printf(
          "standalone up in %d ms (first start)%n",
          Duration.between(started, Instant.now()).toMillis());
      workspace = first.workspaceId().orElseThrow();
      key =
          first
              .ownerKey()
              .orElseThrow(() -> new AssertionError("no owner key in\n" + first.output()));

      HttpResponse<String> health = get(env, "CALLSTREAM_QUERY_PORT", "/actuator/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body())
          .contains("\"status\":\"UP\"")
          .contains("\"kafka\":{")
          .contains("\"flink\":{")
          .contains("\"ingest\":{")
          .contains("\"r2dbc\":{")
          .doesNotContain("DOWN");

      HttpResponse<String> created =
          post(
              env,
              key,
              "/v1/workspaces/" + workspace + "/calls",
              "application/json",
              "{\"title\":\"Skeleton\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      Matcher call = CALL_ID.matcher(created.body());
      assertThat(call.find()).isTrue();
      callId = call.group(1);

      HttpResponse<String> transcript = postSegments(env, key, workspace, callId, 3);
      assertThat(transcript.statusCode()).as(transcript.body()).isEqualTo(202);

      assertThat(awaitProgress(env, callId, 3))
          .as("RECEIVED progress for all 3 segments, read_committed")
          .isPresent()
          .get()
          .satisfies(
              progress -> {
                assertThat(progress.workspaceId()).isEqualTo(workspace);
                assertThat(progress.stage()).isEqualTo(Progress.Stage.RECEIVED);
              });

      // Ctrl-C: every part stops and nothing is left running.
      first.interrupt();
      assertThat(first.awaitExit(Duration.ofMinutes(1))).as(first.output()).isPresent();
      assertThat(first.stdout()).contains("callstream: stopping");
      assertThat(processesUsing(dataDirectory)).as("processes left behind").isEmpty();
    }

    try (StandaloneChild second = StandaloneChild.start(env)) {
      assertThat(second.awaitUp(START_DEADLINE)).as(second.output()).isTrue();
      assertThat(second.workspaceId()).contains(workspace);
      assertThat(second.ownerKey()).as("the key is shown only once").isEmpty();

      // Two more segments, numbered on from the first three, through the streaming endpoint.
      HttpResponse<String> more = streamSegments(env, key, workspace, callId, 3, 2);
      assertThat(more.statusCode()).as("the call and the key survived the restart").isEqualTo(200);
      assertThat(more.body()).contains("\"ack\":3").contains("\"ack\":4");
      // Whether the job restored its count from a checkpoint or replayed the topic from the
      // start, the call's progress must reach all five segments.
      assertThat(awaitProgress(env, callId, 5)).isPresent();

      // The end of the call: the analysis job (local analyzer) writes the call's results.
      HttpResponse<String> ended =
          post(
              env,
              key,
              "/v1/workspaces/" + workspace + "/calls/" + callId + "/end",
              "application/json",
              "");
      assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
      assertThat(awaitFirst(env, Topic.INSIGHTS, callId, CallAnalyzed.class))
          .as("the call's analysis, read_committed")
          .hasValueSatisfying(
              analyzed -> {
                assertThat(analyzed.workspaceId()).isEqualTo(workspace);
                assertThat(analyzed.status()).isEqualTo(CallAnalyzed.Status.COMPLETED);
                assertThat(analyzed.analyzer()).isEqualTo("local");
              });
      assertThat(awaitFirst(env, Topic.INSIGHTS, callId, MindmapUpdated.class)).isPresent();

      second.interrupt();
      assertThat(second.awaitExit(Duration.ofMinutes(1))).isPresent();
      assertThat(processesUsing(dataDirectory)).isEmpty();
    }
  }

  private Map<String, String> environment() {
    return StandaloneChild.environment(dataDirectory);
  }

  /** A whole transcript: segments numbered 0..count-1. */
  private HttpResponse<String> postSegments(
      Map<String, String> env, String key, String workspace, String callId, int count)
      throws IOException, InterruptedException {
    return post(
        env,
        key,
        "/v1/workspaces/" + workspace + "/calls/" + callId + "/transcript",
        "application/json",
        "{\"segments\":[" + String.join(",", segments(0, count)) + "]}");
  }

  /** Segments with explicit sequence numbers, as a live client streams them (NDJSON). */
  private HttpResponse<String> streamSegments(
      Map<String, String> env, String key, String workspace, String callId, int from, int count)
      throws IOException, InterruptedException {
    return post(
        env,
        key,
        "/v1/workspaces/" + workspace + "/calls/" + callId + "/segments",
        "application/x-ndjson",
        String.join("\n", segments(from, count)) + "\n");
  }

  private static List<String> segments(int from, int count) {
    List<String> segments = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      segments.add(
          String.format(
              "{\"sequence\":%d,\"speaker\":\"%s\",\"startMs\":%d,\"endMs\":%d,"
                  + "\"text\":\"Sentence number %d.\"}",
              i, i % 2 == 0 ? "Ann" : "Bob", i * 2000, i * 2000 + 1500, i));
    }
    return segments;
  }

  private HttpResponse<String> post(
      Map<String, String> env, String key, String path, String contentType, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(url(env, "CALLSTREAM_INGEST_PORT", path))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(Map<String, String> env, String port, String path)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(url(env, port, path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI url(Map<String, String> env, String port, String path) {
    return URI.create("http://localhost:" + env.get(port) + path);
  }

  /** The call's RECEIVED progress with {@code done == expected}, read committed only. */
  private static Optional<Progress> awaitProgress(
      Map<String, String> env, String callId, long expected) {
    return await(
            env,
            Topic.PROGRESS,
            event ->
                event instanceof Progress progress
                    && progress.callId().equals(callId)
                    && progress.stage() == Progress.Stage.RECEIVED
                    && progress.done() == expected)
        .map(Progress.class::cast);
  }

  /** The first event of a type of the call on a topic, read committed only. */
  private static <T extends CallstreamEvent> Optional<T> awaitFirst(
      Map<String, String> env, Topic topic, String callId, Class<T> type) {
    return await(env, topic, event -> type.isInstance(event) && event.callId().equals(callId))
        .map(type::cast);
  }

  private static Optional<CallstreamEvent> await(
      Map<String, String> env, Topic topic, Predicate<CallstreamEvent> wanted) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            "localhost:" + env.get("CALLSTREAM_KAFKA_PORT"),
            ConsumerConfig.GROUP_ID_CONFIG,
            "e2e-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed");
    try (var consumer =
        new KafkaConsumer<>(
            config, new ByteArrayDeserializer(), new CallstreamEventDeserializer())) {
      consumer.subscribe(List.of(topic.topicName()));
      Instant end = Instant.now().plus(EVENT_DEADLINE);
      while (Instant.now().isBefore(end)) {
        for (var record : consumer.poll(Duration.ofMillis(500))) {
          CallstreamEvent event = record.value();
          if (event != null && wanted.test(event)) {
            return Optional.of(event);
          }
        }
      }
    }
    return Optional.empty();
  }

  private static List<String> processesUsing(Path dataDirectory) {
    String marker = dataDirectory.toString();
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .map(handle -> handle.pid() + " " + handle.info().commandLine().orElse(""))
        .filter(line -> line.contains(marker))
        .toList();
  }
}
