package io.callstream.query.privacy.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.Role;
import io.callstream.core.event.EventType;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.privacy.PrivacyFixtures;
import io.callstream.query.privacy.PrivacyFixtures.Answer;
import io.callstream.query.privacy.PrivacyFixtures.KeyedRecord;
import io.callstream.query.privacy.PrivacyFixtures.StoredCall;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deleting a call over HTTP: every row derived from it goes (counted as the owner, in every table
 * with a call id), Kafka is told on the compacted topic, and nothing of another call or workspace
 * is touched.
 */
@ExtendWith(SharedInfrastructure.class)
class CallDeletionIT {

  /** The tables a stored call has rows in, besides {@code calls}. */
  private static final String[] DERIVED = {
    "audio_uploads",
    "call_analysis",
    "call_insights",
    "call_metrics",
    "call_mindmaps",
    "call_participants",
    "call_progress",
    "call_segments",
    "call_summaries",
    "call_transcript_segments",
    "consumed_events",
    "live_events"
  };

  private static PrivacyFixtures fixtures;

  private String workspaceId;
  private String manager;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    fixtures = PrivacyFixtures.start(infrastructure, Map.of());
  }

  @AfterAll
  static void stop() {
    fixtures.close();
  }

  @BeforeEach
  void newWorkspace() {
    workspaceId = fixtures.newWorkspace("growth");
    manager = fixtures.newKey(workspaceId, Role.MANAGER);
  }

  @Test
  void shouldDeleteTheCallAndEverythingDerivedFromIt() {
    StoredCall call = fixtures.storeCall(workspaceId, Instant.now());
    StoredCall other = fixtures.storeCall(workspaceId, Instant.now());
    Map<String, Long> before = fixtures.owner().rowsOfCall(workspaceId, call.callId());
    assertThat(before)
        .as("the call has rows in every table that derives from it")
        .allSatisfy((table, rows) -> assertThat(rows).as(table).isPositive())
        .containsKeys(DERIVED);
    Map<String, Long> otherBefore = fixtures.owner().rowsOfCall(workspaceId, other.callId());

    Answer answer = delete(call.callId(), manager);

    assertThat(answer.status()).isEqualTo(204);
    assertThat(fixtures.owner().rowsOfCall(workspaceId, call.callId()))
        .allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
    assertThat(
            fixtures
                .owner()
                .count(
                    "select count(*) from idempotency_keys where workspace_id = ?"
                        + " and idempotency_key = ?",
                    workspaceId,
                    call.idempotencyKey()))
        .as("the replayable answer naming the call")
        .isZero();
    assertThat(fixtures.owner().rowsOfCall(workspaceId, other.callId()))
        .as("the other call of the workspace")
        .isEqualTo(otherBefore);
    assertThat(fixtures.send("GET", path(call.callId()), manager, null).status()).isEqualTo(404);
    assertThat(delete(call.callId(), manager).status()).as("deleted twice").isEqualTo(404);
  }

  @Test
  void shouldPublishTheDeletionAndATombstoneOnTheCompactedTopic() {
    String callId = fixtures.newCall(workspaceId, Instant.now());

    assertThat(delete(callId, manager).status()).isEqualTo(204);

    List<KeyedRecord> records = fixtures.compactedRecordsOf(callId);
    assertThat(records).hasSize(2);
    assertThat(records.get(0).ceType()).isEqualTo(EventType.CALL_DELETED.ceType());
    assertThat(records.get(1).tombstone()).isTrue();
    assertThat(records.get(1).offset()).isGreaterThan(records.get(0).offset());
  }

  @Test
  void shouldAuditTheDeletionWithTheCallIdOnly() {
    String callId = fixtures.newCall(workspaceId, Instant.now());

    delete(callId, manager);

    var entries = fixtures.audit(workspaceId, "CALL_DELETED");
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).get("diff").get("callId").asString()).isEqualTo(callId);
    assertThat(entries.get(0).get("diff").propertyNames()).containsExactly("callId");
    assertThat(entries.get(0).get("actor").asString()).startsWith("key:");
  }

  @Test
  void shouldAnswer404ForAnotherWorkspacesCallAndLeaveItUntouched() {
    String otherWorkspace = fixtures.newWorkspace("growth");
    StoredCall theirs = fixtures.storeCall(otherWorkspace, Instant.now());
    Map<String, Long> before = fixtures.owner().rowsOfCall(otherWorkspace, theirs.callId());

    Answer viaOwnPath = delete(theirs.callId(), manager);
    Answer viaTheirPath =
        fixtures.send(
            "DELETE",
            "/v1/workspaces/" + otherWorkspace + "/calls/" + theirs.callId(),
            manager,
            null);

    assertThat(viaOwnPath.status()).isEqualTo(404);
    assertThat(viaOwnPath.contentType()).startsWith("application/problem+json");
    assertThat(viaTheirPath.status()).isEqualTo(404);
    assertThat(fixtures.owner().rowsOfCall(otherWorkspace, theirs.callId())).isEqualTo(before);
    assertThat(fixtures.compactedRecordsOf(theirs.callId())).isEmpty();
  }

  @Test
  void shouldRefuseAMember() {
    String member = fixtures.newKey(workspaceId, Role.MEMBER);
    String callId = fixtures.newCall(workspaceId, Instant.now());

    Answer answer = delete(callId, member);

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    assertThat(fixtures.owner().rowsOfCall(workspaceId, callId)).containsEntry("calls", 1L);
  }

  private Answer delete(String callId, String token) {
    return fixtures.send("DELETE", path(callId), token, null);
  }

  private String path(String callId) {
    return "/v1/workspaces/" + workspaceId + "/calls/" + callId;
  }
}
