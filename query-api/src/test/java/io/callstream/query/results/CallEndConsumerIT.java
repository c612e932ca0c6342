package io.callstream.query.results;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.ApiKeyRepository;
import io.callstream.api.auth.ApiKeySecret;
import io.callstream.api.auth.Role;
import io.callstream.core.event.CallEnded;
import io.callstream.core.event.EventFixtures;
import io.callstream.core.event.Topic;
import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.testing.EventProducer;
import io.callstream.query.testing.Eventually;
import io.callstream.query.testing.RunningQueryApi;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The consumer of the calls topic: the length the transcription job found in a call's audio
 * replaces the wall-clock guess ingest stored when the upload ended.
 */
@ExtendWith(SharedInfrastructure.class)
class CallEndConsumerIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** What ingest stores for an audio call: the wall-clock time the upload took. */
  private static final long WALL_CLOCK_MS = 93_417;

  /** How long the call's audio really is. */
  private static final long AUDIO_MS = 61_250;

  private static final Instant INGEST_ENDED_AT =
      Instant.now().truncatedTo(ChronoUnit.MICROS).minusSeconds(60);

  private static RunningQueryApi api;
  private static EventProducer producer;
  private static HttpClient http;
  private static String base;

  private String workspaceId;
  private String token;
  private EventFixtures.Call call;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    api =
        RunningQueryApi.start(
            infrastructure.postgres(),
            infrastructure.kafka(),
            Map.of("callstream.query.results.group-id", "it-calls-" + Ids.timeOrdered()));
    producer = EventProducer.to(infrastructure.kafka());
    http = HttpClient.newBuilder().connectTimeout(PATIENCE).build();
    base = "http://localhost:" + api.bean(Environment.class).getProperty("local.server.port");
    readPastEarlierTests();
  }

  /**
   * Waits until the consumer has read what other tests put on the calls topic before, so that the
   * counters move only with this class's records: one end per partition, after everything there.
   */
  private static void readPastEarlierTests() {
    String workspace = api.newWorkspace();
    List<String> calls = new ArrayList<>();
    for (int partition = 0; partition < Topic.CALLS.partitions(); partition++) {
      String callId = api.newCall(workspace);
      calls.add(callId);
      producer.sendTo(partition, EventFixtures.call(workspace, callId).ended(1));
    }
    for (String callId : calls) {
      Eventually.await(
          "the consumer read the calls topic up to " + callId,
          () -> Objects.equals(row(workspace, callId).get("duration_ms"), 1L));
    }
  }

  @AfterAll
  static void stop() {
    producer.close();
    api.close();
  }

  @BeforeEach
  void newCall() {
    workspaceId = api.newWorkspace();
    token = newKey(workspaceId);
    call = EventFixtures.call(workspaceId, api.newCall(workspaceId));
  }

  @Test
  void shouldShowTheLengthOfTheAudioAsTheDurationOfTheCall() {
    endAsIngestDid(call.callId());

    producer.send(call.ended(AUDIO_MS));

    Eventually.await(
        "the call's duration is its audio's length",
        () -> detail(call.callId()).get("durationMs").asLong() == AUDIO_MS);
    JsonNode detail = detail(call.callId());
    assertThat(detail.get("status").asString()).isEqualTo("ended");
    assertThat(Instant.parse(detail.get("endedAt").asString())).isEqualTo(INGEST_ENDED_AT);
  }

  @Test
  void shouldEndACallOnceAndChangeNothingWhenItsEndComesAgain() {
    Instant endedAt = Instant.parse("2026-02-03T10:15:30.123456Z");
    CallEnded first = call.at(endedAt).ended(AUDIO_MS);
    // the same end again, as a replay after a failure makes it: same id, a later time
    CallEnded again = call.at(endedAt.plusSeconds(3_600)).ended(AUDIO_MS);
    assertThat(again.eventId()).isEqualTo(first.eventId());

    producer.sendTo(0, first);
    Eventually.await(
        "the call ended", () -> Objects.equals(row(call.callId()).get("duration_ms"), AUDIO_MS));
    Map<String, Object> ended = row(call.callId());
    producer.sendTo(0, again);
    readUpTo(0);

    assertThat(ended)
        .containsEntry("status", "ended")
        .containsEntry("duration_ms", AUDIO_MS)
        .containsEntry("ended_at", endedAt);
    assertThat(row(call.callId())).isEqualTo(ended);
    assertThat(detail(call.callId()).get("durationMs").asLong()).isEqualTo(AUDIO_MS);
  }

  @Test
  void shouldNotTouchTheCallOfTheSameIdInAnotherWorkspace() {
    endAsIngestDid(call.callId());
    Map<String, Object> before = row(call.callId());
    String otherWorkspace = api.newWorkspace();
    double skippedBefore = skipped("unknown-call");

    producer.sendTo(0, EventFixtures.call(otherWorkspace, call.callId()).ended(AUDIO_MS));
    readUpTo(0);

    assertThat(row(call.callId())).isEqualTo(before).containsEntry("duration_ms", WALL_CLOCK_MS);
    assertThat(detail(call.callId()).get("durationMs").asLong()).isEqualTo(WALL_CLOCK_MS);
    assertThat(skipped("unknown-call")).isEqualTo(skippedBefore + 1);
  }

  @Test
  void shouldIgnoreTombstonesStartsAndDeletionsAndGoOn() {
    endAsIngestDid(call.callId());
    double tombstonesBefore = skipped("tombstone");
    double unknownBefore = skipped("unknown-call");

    // one partition, so the end is read after the others
    producer.sendTombstoneTo(0, Topic.CALLS, call.callId());
    producer.sendTo(0, call.started());
    producer.sendTo(0, call.deleted());
    producer.sendTo(0, call.ended(AUDIO_MS));

    Eventually.await(
        "the end after the other records stored",
        () -> Objects.equals(row(call.callId()).get("duration_ms"), AUDIO_MS));
    assertThat(row(call.callId()))
        .containsEntry("status", "ended")
        .containsEntry("ended_at", INGEST_ENDED_AT);
    assertThat(skipped("tombstone")).isEqualTo(tombstonesBefore + 1);
    assertThat(skipped("unknown-call")).isEqualTo(unknownBefore);
  }

  /** Marks the call ended as ingest's {@code CallRepository.end} does for an audio call. */
  private void endAsIngestDid(String callId) {
    api.db()
        .sql(
            "update calls set status = 'ended', ended_at = :endedAt, duration_ms = :durationMs"
                + " where workspace_id = :ws and id = :id")
        .bind("endedAt", INGEST_ENDED_AT)
        .bind("durationMs", WALL_CLOCK_MS)
        .bind("ws", workspaceId)
        .bind("id", callId)
        .then()
        .block(PATIENCE);
  }

  /**
   * Returns once the consumer has read everything sent to {@code partition} before: it stored the
   * end of a call of its own sent after it.
   */
  private void readUpTo(int partition) {
    String sentinel = api.newCall(workspaceId);
    producer.sendTo(partition, EventFixtures.call(workspaceId, sentinel).ended(7));
    Eventually.await(
        "the consumer read up to " + sentinel,
        () -> Objects.equals(row(sentinel).get("duration_ms"), 7L));
  }

  private double skipped(String reason) {
    return api.bean(MeterRegistry.class)
        .get("callstream.query.consumer.skipped")
        .tag("topic", Topic.CALLS.topicName())
        .tag("reason", reason)
        .counter()
        .count();
  }

  private Map<String, Object> row(String callId) {
    return row(workspaceId, callId);
  }

  /** The end of a call as {@code calls} holds it, read behind the service. */
  private static Map<String, Object> row(String workspace, String callId) {
    return api.db()
        .sql(
            "select status, ended_at, duration_ms from calls"
                + " where workspace_id = :ws and id = :id")
        .bind("ws", workspace)
        .bind("id", callId)
        .map(
            row -> {
              Map<String, Object> columns = new HashMap<>();
              columns.put("status", row.get("status", String.class));
              columns.put("ended_at", row.get("ended_at", Instant.class));
              columns.put("duration_ms", row.get("duration_ms", Long.class));
              return columns;
            })
        .one()
        .block(PATIENCE);
  }

  /** The call detail, as a client with a key of this workspace gets it. */
  private JsonNode detail(String callId) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(base + "/v1/workspaces/" + workspaceId + "/calls/" + callId))
            .header("Authorization", "Bearer " + token)
            .timeout(PATIENCE)
            .GET()
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET of call " + callId + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String newKey(String workspace) {
    ApiKeySecret key = ApiKeySecret.generate();
    api.bean(ApiKeyRepository.class).insert(workspace, key, "it", Role.OWNER).block(PATIENCE);
    return key.token();
  }
}
