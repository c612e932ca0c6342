package io.callstream.query.privacy.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.Role;
import io.callstream.core.meeting.Meeting;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.privacy.PrivacyFixtures;
import io.callstream.query.privacy.PrivacyFixtures.Answer;
import io.callstream.query.privacy.PrivacyFixtures.StoredCall;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The workspace export over HTTP: one valid JSON document with the decrypted transcript and results
 * of a real meeting, credentials as metadata only, and only for an Owner; the per-call export is
 * for Managers and audited.
 */
@ExtendWith(SharedInfrastructure.class)
class WorkspaceExportIT {

  private static final byte[] INTEGRATION_SECRET =
      "sealed-llm-provider-key".getBytes(StandardCharsets.UTF_8);

  private static PrivacyFixtures fixtures;

  private String workspaceId;
  private String ownerKey;
  private StoredCall call;
  private byte[] invitationHash;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    fixtures = PrivacyFixtures.start(infrastructure, Map.of());
  }

  @AfterAll
  static void stop() {
    fixtures.close();
  }

  @BeforeEach
  void workspaceWithACall() {
    workspaceId = fixtures.newWorkspace("starter");
    ownerKey = fixtures.newKey(workspaceId, Role.OWNER);
    call = fixtures.storeCall(workspaceId, Instant.now());
    invitationHash = new byte[32];
    new SecureRandom().nextBytes(invitationHash);
    fixtures
        .owner()
        .update(
            "insert into workspace_templates (workspace_id, name, body) values (?, 'sales',"
                + " ?::jsonb)",
            workspaceId,
            "{\"insights\":[\"RISK\"],\"depth\":3}");
    fixtures
        .owner()
        .update(
            "insert into workspace_integrations (workspace_id, kind, provider, secret,"
                + " secret_hint) values (?, 'llm', 'openai', ?, 'wxyz')",
            workspaceId,
            INTEGRATION_SECRET);
    fixtures
        .owner()
        .update(
            "insert into invitations (workspace_id, id, email, role, token_hash, invited_by,"
                + " expires_at) values (?, 'inv-1', 'bo@example.test', 'MEMBER', ?, 'key:x',"
                + " now() + interval '1 day')",
            workspaceId,
            invitationHash);
  }

  @Test
  void shouldStreamTheWholeWorkspaceDecryptedAsOneJsonDocument() {
    Answer answer = export(ownerKey);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.contentType()).startsWith("application/json");
    assertThat(answer.disposition()).startsWith("attachment").contains(".json");
    JsonNode document = answer.json();
    assertThat(document.get("workspace").get("id").asString()).isEqualTo(workspaceId);
    assertThat(document.get("workspace").get("plan").asString()).isEqualTo("starter");
    assertThat(document.get("workspace").get("effectiveRetentionDays").asInt()).isEqualTo(90);
    assertThat(document.get("templates").get(0).get("body").get("depth").asInt()).isEqualTo(3);
    assertThat(document.get("integrations").get(0).get("secretHint").asString()).isEqualTo("wxyz");
    assertThat(document.get("invitations").get(0).get("email").asString())
        .isEqualTo("bo@example.test");
    JsonNode exported = document.get("calls").get(0);
    assertThat(exported.get("call").get("id").asString()).isEqualTo(call.callId());
    List<String> texts = new ArrayList<>();
    exported.get("transcript").forEach(segment -> texts.add(segment.get("text").asString()));
    assertThat(texts)
        .containsExactlyElementsOf(call.turns().stream().map(Meeting.Turn::text).toList());
    assertThat(exported.get("participants")).hasSize(call.speakers().size());
    assertThat(exported.get("insights").get(0).get("text").asString())
        .isEqualTo("Send the remote control design");
    assertThat(exported.get("summary").get("text").asString())
        .isEqualTo("The team kicked off the remote control project.");
    assertThat(exported.get("mindmap").get("root").get("label").asString())
        .isEqualTo("Budget review");
    assertThat(exported.get("metrics").get("talkMsBySpeaker").get(call.speakers().get(0)))
        .isNotNull();
    assertThat(exported.get("analysis").get("status").asString()).isEqualTo("COMPLETED");
    assertThat(exported.get("progress").get(0).get("stage").asString()).isEqualTo("ANALYZED");
    List<String> audited = new ArrayList<>();
    document.get("auditLog").forEach(entry -> audited.add(entry.get("type").asString()));
    assertThat(audited).contains("WORKSPACE_EXPORTED");
  }

  @Test
  void shouldHoldNoHashTokenOrSecret() {
    Answer answer = export(ownerKey);

    String body = answer.body();
    assertThat(body).doesNotContain(ownerKey);
    List<byte[]> secrets = new ArrayList<>();
    secrets.add(INTEGRATION_SECRET);
    secrets.add(invitationHash);
    fixtures
        .owner()
        .query("select secret_hash from api_keys where workspace_id = ?", workspaceId)
        .forEach(row -> secrets.add((byte[]) row.get("secret_hash")));
    assertThat(secrets).hasSize(3);
    for (byte[] secret : secrets) {
      assertThat(body)
          .doesNotContain(Base64.getEncoder().encodeToString(secret))
          .doesNotContainIgnoringCase(HexFormat.of().formatHex(secret));
    }
    assertThat(body).doesNotContain("sealed-llm-provider-key");
    JsonNode key = answer.json().get("apiKeys").get(0);
    assertThat(key.propertyNames())
        .containsExactlyInAnyOrder(
            "id", "name", "role", "createdBy", "createdAt", "expiresAt", "lastUsedAt", "revokedAt");
    assertThat(fixtures.audit(workspaceId, "WORKSPACE_EXPORTED")).hasSize(1);
  }

  @Test
  void shouldRefuseManagersAndMembers() {
    Answer manager = export(fixtures.newKey(workspaceId, Role.MANAGER));
    Answer member = export(fixtures.newKey(workspaceId, Role.MEMBER));

    assertThat(manager.status()).isEqualTo(403);
    assertThat(manager.contentType()).startsWith("application/problem+json");
    assertThat(member.status()).isEqualTo(403);
    assertThat(fixtures.audit(workspaceId, "WORKSPACE_EXPORTED")).isEmpty();
  }

  @Test
  void shouldLetAManagerExportACallAndAuditIt() {
    String path = "/v1/workspaces/" + workspaceId + "/calls/" + call.callId() + "/export?format=md";

    Answer manager = fixtures.send("GET", path, fixtures.newKey(workspaceId, Role.MANAGER), null);
    Answer member = fixtures.send("GET", path, fixtures.newKey(workspaceId, Role.MEMBER), null);

    assertThat(manager.status()).isEqualTo(200);
    assertThat(manager.body()).contains("Budget review");
    assertThat(member.status()).isEqualTo(403);
    List<JsonNode> entries = fixtures.audit(workspaceId, "CALL_EXPORTED");
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).get("diff").get("callId").asString()).isEqualTo(call.callId());
    assertThat(entries.get(0).get("diff").get("format").asString()).isEqualTo("md");
  }

  private Answer export(String token) {
    return fixtures.send("GET", "/v1/workspaces/" + workspaceId + "/export", token, null);
  }
}
