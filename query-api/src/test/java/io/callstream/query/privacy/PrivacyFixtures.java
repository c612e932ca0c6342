package io.callstream.query.privacy;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;

import io.callstream.api.auth.ApiKeySecret;
import io.callstream.api.auth.Role;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Ciphertext;
import io.callstream.core.event.EventFixtures;
import io.callstream.core.event.InsightDetected;
import io.callstream.core.event.InsightType;
import io.callstream.core.event.MetricsUpdated;
import io.callstream.core.event.Progress;
import io.callstream.core.event.Topic;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.id.Ids;
import io.callstream.core.meeting.Meeting;
import io.callstream.core.meeting.Meetings;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.query.testing.EventProducer;
import io.callstream.query.testing.Eventually;
import io.callstream.query.testing.RunningQueryApi;
import io.callstream.query.testing.SealedResults;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A query API of the test's own with what the privacy tests share: workspaces and keys stored as
 * the owner, calls stored the way they really arrive (rows ingest writes, results and a real
 * meeting's transcript through Kafka, sealed with the service's keys), HTTP, and a look at the
 * compacted topics. Not thread-safe.
 */
public final class PrivacyFixtures implements AutoCloseable {

  public static final JsonMapper JSON = JsonMapper.builder().build();

  /** Turns of a real meeting a stored call says. */
  public static final int TURNS = 30;

  private final RunningQueryApi api;
  private final EventProducer producer;
  private final OwnerDatabase owner;
  private final Infrastructure infrastructure;
  private final HttpClient http;
  private final String base;

  private PrivacyFixtures(RunningQueryApi api, Infrastructure infrastructure) {
    this.api = api;
    this.infrastructure = infrastructure;
    this.producer = EventProducer.to(infrastructure.kafka());
    this.owner = new OwnerDatabase(infrastructure.postgres());
    this.http = HttpClient.newBuilder().connectTimeout(PATIENCE).build();
    this.base = "http://localhost:" + api.bean(Environment.class).getProperty("local.server.port");
  }

  /**
   * Starts a service; the scheduled purge waits for an hour, so only a test's own purge runs.
   * {@code properties} go on top.
   */
  public static PrivacyFixtures start(
      Infrastructure infrastructure, Map<String, String> properties) {
    Map<String, String> all = new HashMap<>();
    all.put("callstream.query.results.group-id", "it-privacy-" + Ids.timeOrdered());
    all.put("callstream.query.privacy.retention.initial-delay", "1h");
    all.putAll(properties);
    return new PrivacyFixtures(
        RunningQueryApi.start(infrastructure.postgres(), infrastructure.kafka(), all),
        infrastructure);
  }

  public RunningQueryApi api() {
    return api;
  }

  public OwnerDatabase owner() {
    return owner;
  }

  /** A new workspace on {@code plan}; returns its id. */
  public String newWorkspace(String plan) {
    String workspaceId = "ws_it_" + Ids.timeOrdered().replace("-", "");
    owner.update(
        "insert into workspaces (id, name, plan) values (?, 'Privacy IT', ?)", workspaceId, plan);
    return workspaceId;
  }

  /** A new API key of the workspace with the role; returns its token. */
  public String newKey(String workspaceId, Role role) {
    ApiKeySecret key = ApiKeySecret.generate();
    owner.update(
        "insert into api_keys (workspace_id, id, name, role, secret_hash) values (?, ?, ?, ?, ?)",
        workspaceId,
        key.id(),
        "it " + role,
        role.name(),
        key.hash());
    return key.token();
  }

  /** A new call, created at {@code createdAt}, with no content yet; returns its id. */
  public String newCall(String workspaceId, Instant createdAt) {
    String callId = Ids.timeOrdered();
    owner.update(
        "insert into calls (workspace_id, id, title, source, created_at)"
            + " values (?, ?, 'Privacy IT call', 'upload', ?)",
        workspaceId,
        callId,
        createdAt);
    return callId;
  }

  /**
   * A call with everything a call can have: participants, ingest's ledger, an audio upload and an
   * idempotency record naming it, the first {@link #TURNS} turns of meeting ES2002a as its
   * transcript, a mindmap, an insight, a summary, metrics by speaker, its analysis and progress;
   * returns once the consumers stored it all.
   */
  public StoredCall storeCall(String workspaceId, Instant createdAt) {
    String callId = newCall(workspaceId, createdAt);
    List<Meeting.Turn> turns = Meetings.load("ES2002a").turns().subList(0, TURNS);
    List<String> speakers = turns.stream().map(Meeting.Turn::speaker).distinct().toList();
    for (int i = 0; i < speakers.size(); i++) {
      owner.update(
          "insert into call_participants (workspace_id, call_id, position, name)"
              + " values (?, ?, ?, ?)",
          workspaceId,
          callId,
          i,
          speakers.get(i));
    }
    for (int i = 0; i < turns.size(); i++) {
      owner.update(
          "insert into call_segments (workspace_id, call_id, sequence, final_result, revisions,"
              + " end_ms) values (?, ?, ?, true, 1, ?)",
          workspaceId,
          callId,
          (long) i,
          turns.get(i).endMs());
    }
    owner.update(
        "insert into audio_uploads (workspace_id, call_id, content_type, committed_bytes)"
            + " values (?, ?, 'audio/wav', 1024)",
        workspaceId,
        callId);
    String idempotencyKey = "it-" + callId;
    owner.update(
        "insert into idempotency_keys (workspace_id, idempotency_key, fingerprint, state, claim_id,"
            + " response_status, response_headers, response_body, created_at, lease_expires_at,"
            + " expires_at) values (?, ?, ?, 'completed', gen_random_uuid(), 201, '{}'::jsonb, ?,"
            + " now(), now(), now() + interval '1 day')",
        workspaceId,
        idempotencyKey,
        new byte[32],
        ("{\"callId\":\"" + callId + "\",\"links\":{}}").getBytes(StandardCharsets.UTF_8));

    FieldCipher cipher = api.bean(FieldCipher.class);
    List<CallstreamEvent> events = new ArrayList<>(transcript(cipher, workspaceId, callId, turns));
    SealedResults results = new SealedResults(cipher, workspaceId, callId);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    InsightDetected insight =
        results.insight(InsightType.ACTION_ITEM, "Send the remote control design", now, "seg-1");
    Map<String, Long> talk = new LinkedHashMap<>();
    turns.forEach(turn -> talk.merge(turn.speaker(), turn.endMs() - turn.startMs(), Long::sum));
    EventFixtures.Call fixture = EventFixtures.call(workspaceId, callId);
    events.add(results.mindmap(1, SealedResults.budgetMindmap()));
    events.add(insight);
    events.add(results.summary(1, "The team kicked off the remote control project."));
    events.add(
        new MetricsUpdated(Ids.timeOrdered(), workspaceId, callId, now, talk, 0.4, 12_000, 3, 2.5));
    events.add(fixture.analyzed(CallAnalyzed.Status.COMPLETED, null));
    events.add(fixture.progress(Progress.Stage.ANALYZED, 10, 10, null));
    producer.send(events.toArray(CallstreamEvent[]::new));
    Eventually.await(
        "call " + callId + " stored",
        () ->
            owner.count(
                        "select count(*) from call_transcript_segments"
                            + " where workspace_id = ? and call_id = ?",
                        workspaceId,
                        callId)
                    == TURNS
                && owner.count(
                        "select count(*) from call_analysis where workspace_id = ? and call_id = ?",
                        workspaceId,
                        callId)
                    == 1
                && owner.count(
                        "select count(*) from call_progress where workspace_id = ? and call_id = ?",
                        workspaceId,
                        callId)
                    == 1);
    return new StoredCall(
        workspaceId, callId, turns, speakers, insight.insightId(), idempotencyKey);
  }

  /** A stored call and what a test checks it by. */
  public record StoredCall(
      String workspaceId,
      String callId,
      List<Meeting.Turn> turns,
      List<String> speakers,
      String insightId,
      String idempotencyKey) {}

  private static List<TranscriptSegment> transcript(
      FieldCipher cipher, String workspaceId, String callId, List<Meeting.Turn> turns) {
    List<TranscriptSegment> segments = new ArrayList<>();
    Instant now = Instant.now();
    for (int i = 0; i < turns.size(); i++) {
      Meeting.Turn turn = turns.get(i);
      segments.add(
          new TranscriptSegment(
              Ids.timeOrdered(),
              workspaceId,
              callId,
              now,
              Ids.deterministic("segment", callId, i),
              i,
              turn.speaker(),
              turn.startMs(),
              turn.endMs(),
              Ciphertext.of(
                  cipher.encryptText(workspaceId, callId, Field.TRANSCRIPT_TEXT, turn.text())),
              true));
    }
    return segments;
  }

  /** An HTTP answer. */
  public record Answer(int status, String contentType, String disposition, String body) {

    public JsonNode json() {
      return JSON.readTree(body);
    }
  }

  /** {@code method} on {@code path} (from {@code /v1/workspaces/...}), with a JSON body or none. */
  public Answer send(String method, String path, String token, @Nullable String jsonBody) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(PATIENCE)
            .header("Authorization", "Bearer " + token);
    if (jsonBody == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.headers().firstValue("Content-Disposition").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new IllegalStateException("request failed: " + method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The workspace's audit entries of {@code type}, oldest first, each with its diff as JSON. */
  public List<JsonNode> audit(String workspaceId, String type) {
    return owner
        .query(
            "select actor, diff::text as diff from audit_events where workspace_id = ? and type = ?"
                + " order by seq",
            workspaceId,
            type)
        .stream()
        .map(
            row -> {
              JsonNode diff = JSON.readTree((String) row.get("diff"));
              return (JsonNode)
                  JSON.createObjectNode().put("actor", (String) row.get("actor")).set("diff", diff);
            })
        .toList();
  }

  /** A record of a compacted topic: its CloudEvents type, or null for a tombstone. */
  public record KeyedRecord(
      String topic, long offset, @Nullable String ceType, boolean tombstone) {}

  /** Every record keyed by {@code callId} on the compacted topics, in offset order per topic. */
  public List<KeyedRecord> compactedRecordsOf(String callId) {
    Map<String, Object> config = infrastructure.kafka().clientProperties();
    List<KeyedRecord> found = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      for (Topic topic : Topic.values()) {
        if (!topic.compacted()) {
          continue;
        }
        List<TopicPartition> partitions =
            consumer.partitionsFor(topic.topicName(), PATIENCE).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, PATIENCE);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p, PATIENCE) < ends.get(p))) {
          if (System.nanoTime() - deadline > 0) {
            throw new IllegalStateException("could not read " + topic + " to its end");
          }
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            if (record.key() != null
                && callId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
              Header type = record.headers().lastHeader("ce_type");
              found.add(
                  new KeyedRecord(
                      record.topic(),
                      record.offset(),
                      type == null ? null : new String(type.value(), StandardCharsets.UTF_8),
                      record.value() == null));
            }
          }
        }
      }
    }
    return found;
  }

  @Override
  public void close() {
    producer.close();
    api.close();
  }
}
