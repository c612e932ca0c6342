package io.callstream.query.admin;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.Role;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.admin.AdminApi.Answer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * A workspace's API keys over HTTP: shown once, stored hashed, role and expiry, revoked at once.
 */
@ExtendWith(SharedInfrastructure.class)
class ApiKeysIT {

  private static AdminApi admin;

  private String workspaceId;
  private String ownerKey;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    admin = AdminApi.start(infrastructure);
  }

  @AfterAll
  static void stop() {
    admin.close();
  }

  @BeforeEach
  void newWorkspace() {
    workspaceId = admin.newWorkspace();
    ownerKey = admin.newKey(workspaceId, Role.OWNER);
  }

  @Test
  void shouldShowTheTokenOnceAndNeverInTheList() {
    Answer created = create(Map.of("name", "ci uploader", "role", "member"));

    assertThat(created.status()).isEqualTo(201);
    String id = created.json().get("id").asString();
    String token = created.json().get("token").asString();
    assertThat(token).startsWith("cs_" + id + "_");
    assertThat(created.json().get("role").asString()).isEqualTo("member");
    Answer list = admin.send("GET", keys(), ownerKey, null);
    assertThat(list.status()).isEqualTo(200);
    JsonNode listed = find(list.json(), id);
    assertThat(listed.get("name").asString()).isEqualTo("ci uploader");
    assertThat(listed.has("token")).isFalse();
    assertThat(listed.has("secretHash")).isFalse();
    assertThat(list.body()).doesNotContain(token.substring(token.lastIndexOf('_') + 1));
    byte[] stored =
        admin
            .service()
            .db()
            .sql("select secret_hash from api_keys where workspace_id = :ws and id = :id")
            .bind("ws", workspaceId)
            .bind("id", id)
            .map(row -> row.get("secret_hash", byte[].class))
            .one()
            .block(PATIENCE);
    assertThat(stored).hasSize(32);
  }

  @Test
  void shouldAuthenticateTheNewKeyWithItsRole() {
    String token =
        create(Map.of("name", "reader", "role", "member")).json().get("token").asString();

    assertThat(admin.send("GET", calls(), token, null).status()).isEqualTo(200);
    Answer keyRoute = admin.send("GET", keys(), token, null);
    assertThat(keyRoute.status()).isEqualTo(403);
    assertThat(keyRoute.isProblem()).isTrue();
  }

  @Test
  void shouldRecordWhenAndByWhomAKeyWasMadeAndLastUsed() {
    Answer created = create(Map.of("name", "used", "role", "member"));
    String id = created.json().get("id").asString();
    admin.send("GET", calls(), created.json().get("token").asString(), null);

    JsonNode listed = find(admin.send("GET", keys(), ownerKey, null).json(), id);

    assertThat(listed.get("createdBy").asString()).startsWith("key:");
    assertThat(listed.get("lastUsedAt").isNull()).isFalse();
    assertThat(listed.get("revokedAt").isNull()).isTrue();
  }

  @Test
  void shouldRefuseAKeyOnceItExpired() {
    Answer created =
        create(
            Map.of(
                "name",
                "temporary",
                "role",
                "member",
                "expiresAt",
                Instant.now().plusSeconds(3600).toString()));
    String token = created.json().get("token").asString();
    assertThat(admin.send("GET", calls(), token, null).status()).isEqualTo(200);
    // an hour passes
    admin
        .service()
        .db()
        .sql(
            "update api_keys set expires_at = now() - interval '1 second'"
                + " where workspace_id = :ws and id = :id")
        .bind("ws", workspaceId)
        .bind("id", created.json().get("id").asString())
        .then()
        .block(PATIENCE);

    Answer answer = admin.send("GET", calls(), token, null);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.isProblem()).isTrue();
  }

  @Test
  void shouldRefuseAnExpiryInThePast() {
    Answer answer =
        create(
            Map.of(
                "name",
                "late",
                "role",
                "member",
                "expiresAt",
                Instant.now().minusSeconds(60).toString()));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.isProblem()).isTrue();
  }

  @Test
  void shouldRefuseARevokedKeyAtOnce() {
    Answer created = create(Map.of("name", "leaked", "role", "manager"));
    String id = created.json().get("id").asString();
    String token = created.json().get("token").asString();
    assertThat(admin.send("GET", calls(), token, null).status()).isEqualTo(200);

    Answer revoked = admin.send("DELETE", keys() + "/" + id, ownerKey, null);

    assertThat(revoked.status()).isEqualTo(204);
    assertThat(admin.send("GET", calls(), token, null).status()).isEqualTo(401);
    assertThat(find(admin.send("GET", keys(), ownerKey, null).json(), id).get("revokedAt").isNull())
        .isFalse();
    assertThat(admin.send("DELETE", keys() + "/nosuchkey0000", ownerKey, null).status())
        .isEqualTo(404);
  }

  @Test
  void shouldKeepAManagerKeyFromTheKeyRoutes() {
    String manager = admin.newKey(workspaceId, Role.MANAGER);
    String id = create(Map.of("name", "target", "role", "member")).json().get("id").asString();

    List<Answer> answers =
        List.of(
            admin.send("GET", keys(), manager, null),
            admin.send("POST", keys(), manager, Map.of("name", "mine", "role", "manager")),
            admin.send("DELETE", keys() + "/" + id, manager, null));

    assertThat(answers)
        .allSatisfy(
            answer -> {
              assertThat(answer.status()).isEqualTo(403);
              assertThat(answer.isProblem()).isTrue();
            });
  }

  @Test
  void shouldRecordCreationAndRevocationInTheAuditLog() {
    String id = create(Map.of("name", "audited", "role", "member")).json().get("id").asString();
    admin.send("DELETE", keys() + "/" + id, ownerKey, null);

    List<String> entries =
        admin
            .service()
            .db()
            .sql(
                "select type || ' ' || (diff ->> 'keyId') as entry from audit_events"
                    + " where workspace_id = :ws order by seq")
            .bind("ws", workspaceId)
            .map(row -> row.get("entry", String.class))
            .all()
            .collectList()
            .block(PATIENCE);

    assertThat(entries).containsExactly("API_KEY_CREATED " + id, "API_KEY_REVOKED " + id);
  }

  @Test
  void shouldRefuseABadRequestWithAProblem() {
    assertThat(create(Map.of("name", "x", "role", "admin")).status()).isEqualTo(400);
    assertThat(create(Map.of("name", " ", "role", "member")).status()).isEqualTo(400);
    assertThat(create(Map.of("name", "x".repeat(101), "role", "member")).status()).isEqualTo(400);
  }

  private Answer create(Map<String, Object> body) {
    return admin.send("POST", keys(), ownerKey, body);
  }

  private static JsonNode find(JsonNode list, String id) {
    for (JsonNode key : list) {
      if (key.get("id").asString().equals(id)) {
        return key;
      }
    }
    throw new AssertionError("no key " + id + " in " + list);
  }

  private String keys() {
    return "/v1/workspaces/" + workspaceId + "/api-keys";
  }

  private String calls() {
    return "/v1/workspaces/" + workspaceId + "/calls";
  }
}
