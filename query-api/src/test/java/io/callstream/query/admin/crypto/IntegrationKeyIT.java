package io.callstream.query.admin.crypto;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.api.auth.Role;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.crypto.CiphertextRejectedException;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.crypto.GeneratedSecrets;
import io.callstream.core.crypto.IntegrationKeyring;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.testing.RunningQueryApi;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A workspace's own LLM provider key over the REST API: stored sealed under the integration
 * keyring, never answered, audited without the key, and only for Owners.
 */
@ExtendWith(SharedInfrastructure.class)
class IntegrationKeyIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String API_KEY = GeneratedSecrets.providerKey("sk-proj-", "abcd");
  private static final String OTHER_KEY = GeneratedSecrets.providerKey("sk-ant-api03-", "wxyz");

  private static RunningQueryApi api;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    api = RunningQueryApi.start(infrastructure.postgres(), infrastructure.kafka(), Map.of());
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void shouldStoreKeySealedAndShowItOnlyMasked() {
    String workspaceId = api.newWorkspace();
    AdminClient owner = AdminClient.of(api, workspaceId, Role.OWNER);

    AdminClient.Answer put =
        owner.put(
            llm(workspaceId),
            "{\"provider\":\"openai\",\"apiKey\":\""
                + API_KEY
                + "\",\"model\":\"gpt-4o-mini\",\"baseUrl\":\"https://api.openai.com/v1\"}");

    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(put.body()).doesNotContain(API_KEY).doesNotContain(API_KEY.substring(8, 20));
    AdminClient.Answer read = owner.get(llm(workspaceId));
    assertThat(read.status()).isEqualTo(200);
    JsonNode view = JSON.readTree(read.body());
    assertThat(view.path("provider").asString()).isEqualTo("openai");
    assertThat(view.path("model").asString()).isEqualTo("gpt-4o-mini");
    assertThat(view.path("baseUrl").asString()).isEqualTo("https://api.openai.com/v1");
    assertThat(view.path("apiKeyHint").asString()).isEqualTo("sk-…abcd");
    assertThat(read.body()).doesNotContain(API_KEY).doesNotContain(API_KEY.substring(8, 20));

    byte[] stored = storedSecret(workspaceId);
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(API_KEY);
    assertThat(api.bean(IntegrationKeyring.class).open(workspaceId, "llm", stored))
        .isEqualTo(API_KEY);

    List<JsonNode> audited = auditDiffs(workspaceId);
    assertThat(audited).singleElement();
    assertThat(audited.get(0).path("provider").asString()).isEqualTo("openai");
    assertThat(audited.get(0).path("keyChanged").asBoolean()).isTrue();
    assertThat(audited.get(0).toString()).doesNotContain(API_KEY).doesNotContain("abcd");
  }

  @Test
  void shouldSealKeyUnderKeyringSeparateFromWorkspaceData() {
    String workspaceId = api.newWorkspace();
    AdminClient owner = AdminClient.of(api, workspaceId, Role.OWNER);
    FieldCipher data = api.bean(FieldCipher.class);
    // The workspace has data keys too, so the data keyring is asked with a real keyset.
    data.encryptText(workspaceId, "llm", Field.CREDENTIAL, "anything");
    assertThat(
            owner
                .put(
                    llm(workspaceId), "{\"provider\":\"anthropic\",\"apiKey\":\"" + API_KEY + "\"}")
                .status())
        .isEqualTo(200);

    byte[] stored = storedSecret(workspaceId);

    assertThatThrownBy(() -> data.decrypt(workspaceId, "llm", Field.CREDENTIAL, stored))
        .isInstanceOf(CiphertextRejectedException.class);
  }

  @Test
  void shouldReplaceKeyOrKeepItWhenLeftOut() {
    String workspaceId = api.newWorkspace();
    AdminClient owner = AdminClient.of(api, workspaceId, Role.OWNER);
    owner.put(llm(workspaceId), "{\"provider\":\"openai\",\"apiKey\":\"" + API_KEY + "\"}");

    AdminClient.Answer modelOnly =
        owner.put(llm(workspaceId), "{\"provider\":\"openai\",\"model\":\"gpt-4.1\"}");
    assertThat(modelOnly.status()).as(modelOnly.body()).isEqualTo(200);
    assertThat(JSON.readTree(modelOnly.body()).path("apiKeyHint").asString()).isEqualTo("sk-…abcd");
    assertThat(
            api.bean(IntegrationKeyring.class).open(workspaceId, "llm", storedSecret(workspaceId)))
        .isEqualTo(API_KEY);

    AdminClient.Answer replaced =
        owner.put(
            llm(workspaceId), "{\"provider\":\"anthropic\",\"apiKey\":\"" + OTHER_KEY + "\"}");
    assertThat(JSON.readTree(replaced.body()).path("apiKeyHint").asString()).isEqualTo("sk-…wxyz");
    assertThat(auditDiffs(workspaceId))
        .extracting(diff -> diff.path("keyChanged").asBoolean())
        .containsExactlyInAnyOrder(true, false, true);

    assertThat(owner.delete(llm(workspaceId)).status()).isEqualTo(204);
    assertThat(owner.get(llm(workspaceId)).status()).isEqualTo(404);
    assertThat(owner.delete(llm(workspaceId)).status()).isEqualTo(404);
  }

  @Test
  void shouldRefuseBadSettingsWithProblem() {
    String workspaceId = api.newWorkspace();
    AdminClient owner = AdminClient.of(api, workspaceId, Role.OWNER);
    List<String> bodies =
        List.of(
            "{\"provider\":\"skynet\",\"apiKey\":\"" + API_KEY + "\"}",
            "{\"apiKey\":\"" + API_KEY + "\"}",
            "{\"provider\":\"openai\",\"apiKey\":\"short\"}",
            "{\"provider\":\"openai\",\"apiKey\":\"sk-with spaces in it 12345\"}",
            "{\"provider\":\"openai\"}",
            "{\"provider\":\"openai-compatible\",\"apiKey\":\"" + API_KEY + "\"}",
            "{\"provider\":\"openai\",\"apiKey\":\"" + API_KEY + "\",\"baseUrl\":\"ftp://x.io\"}",
            "{\"provider\":\"openai\",\"apiKey\":\""
                + API_KEY
                + "\",\"baseUrl\":\"http://api.openai.com/v1\"}",
            "{\"provider\":\"openai\",\"apiKey\":\""
                + API_KEY
                + "\",\"baseUrl\":\"https://user:pw@api.openai.com/v1\"}",
            "{\"provider\":\"openai\",\"apiKey\":\"" + API_KEY + "\",\"baseUrl\":\"not a url\"}",
            "{\"provider\":\"openai\",\"apiKey\":\"" + API_KEY + "\",\"model\":\"'; drop--\"}",
            "{\"provider\":\"openai\",\"apiKey\":");
    for (String body : bodies) {
      AdminClient.Answer answer = owner.put(llm(workspaceId), body);
      assertThat(answer.status()).as(body + " -> " + answer.body()).isEqualTo(400);
      assertThat(answer.contentType()).startsWith("application/problem+json");
      assertThat(answer.body()).doesNotContain(API_KEY);
    }
    assertThat(owner.get(llm(workspaceId)).status()).isEqualTo(404);
  }

  @Test
  void shouldAcceptLocalHttpEndpoint() {
    String workspaceId = api.newWorkspace();
    AdminClient owner = AdminClient.of(api, workspaceId, Role.OWNER);

    AdminClient.Answer put =
        owner.put(
            llm(workspaceId),
            "{\"provider\":\"openai-compatible\",\"apiKey\":\""
                + API_KEY
                + "\",\"baseUrl\":\"http://localhost:11434/v1\",\"model\":\"llama3.1:8b\"}");

    assertThat(put.status()).as(put.body()).isEqualTo(200);
  }

  @Test
  void shouldRefuseManagersAndOtherWorkspaces() {
    String workspaceId = api.newWorkspace();
    String otherId = api.newWorkspace();
    AdminClient manager = AdminClient.of(api, workspaceId, Role.MANAGER);
    AdminClient owner = AdminClient.of(api, workspaceId, Role.OWNER);
    String body = "{\"provider\":\"openai\",\"apiKey\":\"" + API_KEY + "\"}";

    assertThat(manager.put(llm(workspaceId), body).status()).isEqualTo(403);
    assertThat(manager.get(llm(workspaceId)).status()).isEqualTo(403);
    assertThat(manager.delete(llm(workspaceId)).status()).isEqualTo(403);
    assertThat(owner.put(llm(otherId), body).status()).isEqualTo(404);
    assertThat(owner.get(llm(otherId)).status()).isEqualTo(404);
    assertThat(owner.get(llm(workspaceId)).status()).as("nothing was stored").isEqualTo(404);
  }

  private static byte[] storedSecret(String workspaceId) {
    return api.bean(WorkspaceScope.class)
        .mono(
            workspaceId,
            api.db()
                .sql(
                    "select secret from workspace_integrations"
                        + " where workspace_id = :ws and kind = 'llm'")
                .bind("ws", workspaceId)
                .map(row -> row.get("secret", byte[].class))
                .one())
        .block(PATIENCE);
  }

  private static List<JsonNode> auditDiffs(String workspaceId) {
    return api.bean(WorkspaceScope.class)
        .flux(
            workspaceId,
            api.db()
                .sql(
                    "select diff::text as diff from audit_events"
                        + " where workspace_id = :ws and type = 'INTEGRATION_CHANGED'"
                        + " order by seq")
                .bind("ws", workspaceId)
                .map(row -> JSON.readTree(row.get("diff", String.class)))
                .all())
        .collectList()
        .block(PATIENCE);
  }

  private static String llm(String workspaceId) {
    return "/v1/workspaces/" + workspaceId + "/integrations/llm";
  }
}
