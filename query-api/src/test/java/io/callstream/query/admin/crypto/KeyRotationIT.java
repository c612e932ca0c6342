package io.callstream.query.admin.crypto;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.Role;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.crypto.KeyIds;
import io.callstream.core.event.AudioChunk;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Ciphertext;
import io.callstream.core.event.EventJson;
import io.callstream.core.event.EventType;
import io.callstream.core.event.InsightDetected;
import io.callstream.core.event.InsightType;
import io.callstream.core.event.MindmapUpdated;
import io.callstream.core.event.SummaryUpdated;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.testing.EventProducer;
import io.callstream.query.testing.Eventually;
import io.callstream.query.testing.RunningQueryApi;
import io.callstream.query.testing.SealedResults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Key rotation and re-encryption over the REST API, with two instances on the same keys: the first
 * rotates; the second has cached the keyset before and checks the store only hourly, as a process
 * that did not take part in the rotation.
 */
@ExtendWith(SharedInfrastructure.class)
class KeyRotationIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SAID = "We ship the pilot to Lisbon in March.";
  private static final String SUMMARY = "The pilot ships in March.";

  private static RunningQueryApi first;
  private static RunningQueryApi second;
  private static EventProducer producer;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    String group = "it-rotation-" + Ids.timeOrdered();
    first =
        RunningQueryApi.start(
            infrastructure.postgres(),
            infrastructure.kafka(),
            Map.of(
                "callstream.query.results.group-id",
                group,
                "callstream.crypto.reencrypt-batch",
                "2"));
    second =
        RunningQueryApi.start(
            infrastructure.postgres(),
            infrastructure.kafka(),
            Map.of(
                "callstream.query.results.group-id",
                group,
                "callstream.crypto.keyset-max-age",
                "1h"),
            first);
    producer = EventProducer.to(infrastructure.kafka());
  }

  @AfterAll
  static void stop() {
    producer.close();
    second.close();
    first.close();
  }

  @Test
  void shouldRotateKeysKeepOldDataReadableAndReencryptItAll() {
    String workspaceId = first.newWorkspace();
    AdminClient owner = AdminClient.of(first, workspaceId, Role.OWNER);
    AdminClient manager = AdminClient.of(first, workspaceId, Role.MANAGER);
    FieldCipher cipher = first.bean(FieldCipher.class);
    String oldCall = first.newCall(workspaceId);
    // A few of each, so that re-encryption pages through batches of two.
    List<CallstreamEvent> before = callEvents(cipher, workspaceId, oldCall, 3);
    producer.send(before.toArray(CallstreamEvent[]::new));
    awaitResults(owner, workspaceId, oldCall);
    awaitResults(owner.on(second), workspaceId, oldCall);
    int oldKeyId = keyIdOf(mindmapCiphertext(workspaceId, oldCall));

    assertThat(manager.post(keys(workspaceId, "rotate")).status()).isEqualTo(403);
    AdminClient.Answer rotated = owner.post(keys(workspaceId, "rotate"));

    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    int newKeyId = JSON.readTree(rotated.body()).path("keyId").asInt();
    assertThat(newKeyId).isNotEqualTo(oldKeyId);
    assertThat(auditDiffs(workspaceId, "KEYS_ROTATED"))
        .singleElement()
        .satisfies(diff -> assertThat(diff.path("keyId").asInt()).isEqualTo(newKeyId));
    // Old rows still decrypt, on both instances.
    assertResultsReadable(owner, workspaceId, oldCall);
    assertResultsReadable(owner.on(second), workspaceId, oldCall);

    // New data is under the new key, and the second instance, which cached the old keyset and
    // would not look at the store again for an hour, reads it.
    String newCall = first.newCall(workspaceId);
    producer.send(callEvents(cipher, workspaceId, newCall, 1).toArray(CallstreamEvent[]::new));
    awaitResults(owner, workspaceId, newCall);
    assertThat(keyIdOf(mindmapCiphertext(workspaceId, newCall))).isEqualTo(newKeyId);
    assertResultsReadable(owner.on(second), workspaceId, newCall);

    assertThat(manager.post(keys(workspaceId, "re-encrypt")).status()).isEqualTo(403);
    AdminClient.Answer reEncrypted = owner.post(keys(workspaceId, "re-encrypt"));

    assertThat(reEncrypted.status()).as(reEncrypted.body()).isEqualTo(200);
    JsonNode report = JSON.readTree(reEncrypted.body());
    assertThat(report.path("primaryKeyId").asInt()).isEqualTo(newKeyId);
    assertThat(report.path("moved").path("call_transcript_segments").asLong()).isEqualTo(3);
    assertThat(report.path("moved").path("call_mindmaps").asLong()).isEqualTo(1);
    assertThat(report.path("moved").path("call_insights").asLong()).isEqualTo(3);
    assertThat(report.path("moved").path("call_summaries").asLong()).isEqualTo(1);
    assertThat(report.path("moved").path("live_events").asLong()).isPositive();
    assertThat(countNotUnderKey(workspaceId, newKeyId)).as("rows left under other keys").isZero();
    assertThat(liveEventKeyIds(workspaceId)).containsOnly(newKeyId);
    assertResultsReadable(owner, workspaceId, oldCall);
    assertResultsReadable(owner.on(second), workspaceId, oldCall);
    assertResultsReadable(owner, workspaceId, newCall);
    assertThat(auditDiffs(workspaceId, "KEYS_REENCRYPTED"))
        .singleElement()
        .satisfies(diff -> assertThat(diff.path("moved").asLong()).isPositive());

    AdminClient.Answer again = owner.post(keys(workspaceId, "re-encrypt"));
    assertThat(JSON.readTree(again.body()).path("total").asLong())
        .as("a second run finds nothing left")
        .isZero();
  }

  @Test
  void shouldAnswerConflictForWorkspaceWithoutKeys() {
    String workspaceId = first.newWorkspace();
    AdminClient owner = AdminClient.of(first, workspaceId, Role.OWNER);

    AdminClient.Answer answer = owner.post(keys(workspaceId, "rotate"));

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.contentType()).startsWith("application/problem+json");
  }

  @Test
  void shouldNotRotateKeysOfAnotherWorkspace() {
    String workspaceId = first.newWorkspace();
    String otherId = first.newWorkspace();
    AdminClient owner = AdminClient.of(first, workspaceId, Role.OWNER);

    assertThat(owner.post(keys(otherId, "rotate")).status()).isEqualTo(404);
    assertThat(owner.post(keys(otherId, "re-encrypt")).status()).isEqualTo(404);
  }

  // --- data -----------------------------------------------------------------------------------

  /** {@code count} transcript segments and insights, one mindmap and one summary of a call. */
  private static List<CallstreamEvent> callEvents(
      FieldCipher cipher, String workspaceId, String callId, int count) {
    SealedResults sealed = new SealedResults(cipher, workspaceId, callId);
    List<CallstreamEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(
          new TranscriptSegment(
              Ids.timeOrdered(),
              workspaceId,
              callId,
              Instant.now(),
              Ids.deterministic("segment", callId, i),
              i,
              "spk_" + (i % 2),
              i * 1_000L,
              i * 1_000L + 900,
              Ciphertext.of(cipher.encryptText(workspaceId, callId, Field.TRANSCRIPT_TEXT, SAID)),
              true));
      events.add(
          sealed.insight(
              InsightType.ACTION_ITEM,
              "Book the venue " + i,
              Instant.now(),
              Ids.deterministic("segment", callId, i)));
    }
    events.add(sealed.mindmap(1, SealedResults.budgetMindmap()));
    events.add(sealed.summary(1, SUMMARY));
    return events;
  }

  private static void awaitResults(AdminClient client, String workspaceId, String callId) {
    Eventually.await(
        "the results of call " + callId,
        () ->
            client.get(call(workspaceId, callId) + "/mindmap").status() == 200
                && client.get(call(workspaceId, callId) + "/summary").status() == 200
                && client.get(call(workspaceId, callId) + "/transcript").body().contains(SAID)
                && JSON.readTree(client.get(call(workspaceId, callId) + "/insights").body())
                        .path("items")
                        .size()
                    > 0);
  }

  private static void assertResultsReadable(AdminClient client, String workspaceId, String callId) {
    AdminClient.Answer mindmap = client.get(call(workspaceId, callId) + "/mindmap");
    assertThat(mindmap.status()).as(mindmap.body()).isEqualTo(200);
    assertThat(mindmap.body()).contains("Budget review");
    assertThat(client.get(call(workspaceId, callId) + "/summary").body()).contains(SUMMARY);
    assertThat(client.get(call(workspaceId, callId) + "/transcript").body()).contains(SAID);
    assertThat(client.get(call(workspaceId, callId) + "/insights").body())
        .contains("Book the venue");
  }

  // --- what PostgreSQL holds ------------------------------------------------------------------

  private static byte[] mindmapCiphertext(String workspaceId, String callId) {
    return scoped(
            workspaceId,
            "select mindmap from call_mindmaps where workspace_id = :ws and call_id = '"
                + callId
                + "'")
        .get(0);
  }

  /** Every ciphertext of the workspace's encrypted columns. */
  private static List<byte[]> columnCiphertexts(String workspaceId) {
    List<byte[]> all = new ArrayList<>();
    for (EncryptedColumn column : EncryptedColumn.ALL) {
      all.addAll(
          scoped(
              workspaceId,
              "select "
                  + column.column()
                  + " from "
                  + column.table()
                  + " where workspace_id = :ws"));
    }
    return all;
  }

  private static long countNotUnderKey(String workspaceId, int keyId) {
    return columnCiphertexts(workspaceId).stream()
        .filter(c -> KeyIds.of(c).orElse(0) != keyId)
        .count();
  }

  /** The key id of the ciphertext of every workspace event in {@code live_events} that has one. */
  private static List<Integer> liveEventKeyIds(String workspaceId) {
    List<Integer> keyIds = new ArrayList<>();
    WorkspaceScope scope = first.bean(WorkspaceScope.class);
    List<Map.Entry<String, byte[]>> rows =
        scope
            .flux(
                workspaceId,
                first
                    .db()
                    .sql("select type, event from live_events where workspace_id = :ws")
                    .bind("ws", workspaceId)
                    .map(
                        row ->
                            Map.entry(
                                row.get("type", String.class), row.get("event", byte[].class)))
                    .all())
            .collectList()
            .block(PATIENCE);
    for (Map.Entry<String, byte[]> row : rows) {
      CallstreamEvent event;
      try {
        event = EventJson.read(row.getValue(), EventType.fromCeType(row.getKey()).orElseThrow());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Ciphertext ciphertext = ciphertextOf(event);
      if (ciphertext != null) {
        keyIds.add(keyIdOf(ciphertext.bytes()));
      }
    }
    return keyIds;
  }

  private static Ciphertext ciphertextOf(CallstreamEvent event) {
    if (event instanceof TranscriptSegment e) {
      return e.text();
    }
    if (event instanceof MindmapUpdated e) {
      return e.mindmap();
    }
    if (event instanceof InsightDetected e) {
      return e.body();
    }
    if (event instanceof SummaryUpdated e) {
      return e.summary();
    }
    if (event instanceof AudioChunk e) {
      return e.audio();
    }
    return null;
  }

  private static List<JsonNode> auditDiffs(String workspaceId, String type) {
    return first
        .bean(WorkspaceScope.class)
        .flux(
            workspaceId,
            first
                .db()
                .sql(
                    "select diff::text as diff from audit_events"
                        + " where workspace_id = :ws and type = :type")
                .bind("ws", workspaceId)
                .bind("type", type)
                .map(row -> JSON.readTree(row.get("diff", String.class)))
                .all())
        .collectList()
        .block(PATIENCE);
  }

  private static List<byte[]> scoped(String workspaceId, String sql) {
    return first
        .bean(WorkspaceScope.class)
        .flux(
            workspaceId,
            first.db().sql(sql).bind("ws", workspaceId).map(row -> row.get(0, byte[].class)).all())
        .collectList()
        .block(PATIENCE);
  }

  private static int keyIdOf(byte[] ciphertext) {
    return KeyIds.of(ciphertext).orElseThrow();
  }

  private static String keys(String workspaceId, String action) {
    return "/v1/workspaces/" + workspaceId + "/keys/" + action;
  }

  private static String call(String workspaceId, String callId) {
    return "/v1/workspaces/" + workspaceId + "/calls/" + callId;
  }
}
