package io.callstream.query.privacy.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.api.auth.Role;
import io.callstream.core.crypto.CiphertextRejectedException;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.crypto.SearchKeyring;
import io.callstream.core.crypto.WorkspaceKeyring;
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
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Erasing a workspace: every row goes but the audit log, which keeps an entry without content; the
 * keysets go, so ciphertext copied before is unreadable; its calls get tombstones; its keys stop
 * working.
 */
@ExtendWith(SharedInfrastructure.class)
class ErasureIT {

  private static PrivacyFixtures fixtures;

  private String workspaceId;
  private String ownerKey;
  private StoredCall call;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    fixtures = PrivacyFixtures.start(infrastructure, Map.of());
  }

  @AfterAll
  static void stop() {
    fixtures.close();
  }

  @BeforeEach
  void workspaceWithEverything() {
    workspaceId = fixtures.newWorkspace("growth");
    ownerKey = fixtures.newKey(workspaceId, Role.OWNER);
    call = fixtures.storeCall(workspaceId, Instant.now());
    var owner = fixtures.owner();
    String userId = "user-" + workspaceId;
    owner.update(
        "insert into users (id, issuer, subject, email) values (?, 'https://issuer.test', ?, ?)",
        userId,
        userId,
        "ana@example.test");
    owner.update(
        "insert into members (workspace_id, user_id, role) values (?, ?, 'OWNER')",
        workspaceId,
        userId);
    owner.update(
        "insert into invitations (workspace_id, id, email, role, token_hash, invited_by,"
            + " expires_at) values (?, 'inv-1', 'bo@example.test', 'MEMBER', ?, 'key:x',"
            + " now() + interval '1 day')",
        workspaceId,
        workspaceId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    owner.update(
        "insert into workspace_templates (workspace_id, name, body) values (?, 'sales', ?::jsonb)",
        workspaceId,
        "{\"insights\":[\"RISK\"]}");
    owner.update(
        "insert into workspace_integrations (workspace_id, kind, provider, secret, secret_hint)"
            + " values (?, 'llm', 'openai', ?, 'abcd')",
        workspaceId,
        new byte[] {1, 2, 3});
  }

  @Test
  void shouldDeleteEveryRowOfTheWorkspaceButKeepItsAuditLog() {
    String otherWorkspace = fixtures.newWorkspace("growth");
    String otherCall = fixtures.newCall(otherWorkspace, Instant.now());
    assertThat(fixtures.owner().rowsOfWorkspace(workspaceId))
        .as("before")
        .containsEntry("workspaces", 1L)
        .hasEntrySatisfying("members", rows -> assertThat(rows).isPositive())
        .hasEntrySatisfying("call_transcript_segments", rows -> assertThat(rows).isPositive());

    Answer answer = erase(ownerKey, "{\"confirm\": \"" + workspaceId + "\"}");

    assertThat(answer.status()).isEqualTo(204);
    Map<String, Long> after = fixtures.owner().rowsOfWorkspace(workspaceId);
    assertThat(after.get("audit_events")).isPositive();
    after.remove("audit_events");
    assertThat(after).allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
    List<JsonNode> erasure = fixtures.audit(workspaceId, "ERASURE_REQUESTED");
    assertThat(erasure).hasSize(1);
    assertThat(erasure.get(0).get("diff").isEmpty()).as("no content").isTrue();
    assertThat(fixtures.owner().rowsOfCall(otherWorkspace, otherCall)).containsEntry("calls", 1L);
  }

  @Test
  void shouldDestroyTheKeysetsSoCiphertextCopiedBeforeIsUnreadable() {
    byte[] copied =
        (byte[])
            fixtures
                .owner()
                .query(
                    "select text from call_transcript_segments where workspace_id = ?"
                        + " and call_id = ? and sequence = 0",
                    workspaceId,
                    call.callId())
                .get(0)
                .get("text");
    FieldCipher cipher = fixtures.api().bean(FieldCipher.class);
    assertThat(cipher.decryptText(workspaceId, call.callId(), Field.TRANSCRIPT_TEXT, copied))
        .as("readable before")
        .isEqualTo(call.turns().get(0).text());

    assertThat(erase(ownerKey, "{\"confirm\": \"" + workspaceId + "\"}").status()).isEqualTo(204);

    assertThatThrownBy(
            () -> cipher.decryptText(workspaceId, call.callId(), Field.TRANSCRIPT_TEXT, copied))
        .isInstanceOf(CiphertextRejectedException.class);
    assertThat(fixtures.api().bean(WorkspaceKeyring.class).exists(workspaceId)).isFalse();
    assertThat(fixtures.api().bean(SearchKeyring.class).exists(workspaceId)).isFalse();
  }

  @Test
  void shouldWriteTombstonesForEveryCallAndRefuseTheOldKey() {
    String emptyCall = fixtures.newCall(workspaceId, Instant.now());

    assertThat(erase(ownerKey, "{\"confirm\": \"" + workspaceId + "\"}").status()).isEqualTo(204);

    for (String callId : List.of(call.callId(), emptyCall)) {
      List<KeyedRecord> records = fixtures.compactedRecordsOf(callId);
      assertThat(records)
          .as(callId)
          .extracting(KeyedRecord::ceType)
          .containsExactly(EventType.CALL_DELETED.ceType(), null);
      assertThat(records.get(1).tombstone()).isTrue();
    }
    Answer later = fixtures.send("GET", "/v1/workspaces/" + workspaceId + "/calls", ownerKey, null);
    assertThat(later.status()).isEqualTo(401);
  }

  @Test
  void shouldAnswer422WithoutTheRightConfirmationAndEraseNothing() {
    Answer missing = erase(ownerKey, null);
    Answer wrong = erase(ownerKey, "{\"confirm\": \"ws_someone_else\"}");

    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.contentType()).startsWith("application/problem+json");
    assertThat(wrong.status()).isEqualTo(422);
    assertThat(fixtures.owner().rowsOfWorkspace(workspaceId)).containsEntry("workspaces", 1L);
    assertThat(fixtures.audit(workspaceId, "ERASURE_REQUESTED")).isEmpty();
  }

  @Test
  void shouldRefuseManagersAndMembers() {
    String confirm = "{\"confirm\": \"" + workspaceId + "\"}";

    Answer manager = erase(fixtures.newKey(workspaceId, Role.MANAGER), confirm);
    Answer member = erase(fixtures.newKey(workspaceId, Role.MEMBER), confirm);

    assertThat(manager.status()).isEqualTo(403);
    assertThat(member.status()).isEqualTo(403);
    assertThat(fixtures.owner().rowsOfWorkspace(workspaceId)).containsEntry("workspaces", 1L);
    assertThat(fixtures.api().bean(WorkspaceKeyring.class).exists(workspaceId)).isTrue();
  }

  private Answer erase(String token, @Nullable String body) {
    return fixtures.send("DELETE", "/v1/workspaces/" + workspaceId, token, body);
  }
}
