package io.callstream.query.admin.audit;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.api.audit.Actor;
import io.callstream.api.audit.AuditLog;
import io.callstream.api.audit.AuditType;
import io.callstream.api.auth.ApiKeySecret;
import io.callstream.api.auth.Role;
import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.embedded.postgres.EmbeddedPostgresServer;
import io.callstream.embedded.postgres.PostgresEndpoint;
import io.callstream.query.admin.audit.AdminHttp.Answer;
import io.callstream.query.testing.RunningQueryApi;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * The audit log end to end: entries that settings changes write over HTTP, the list's filters and
 * pages, one chain under concurrent appends, and a chain that a superuser tampered with.
 */
@ExtendWith(SharedInfrastructure.class)
class AuditLogIT {

  private static RunningQueryApi api;
  private static AdminHttp http;
  private static PostgresEndpoint owner;
  private static PostgresEndpoint superuser;

  private String workspaceId;
  private ApiKeySecret ownerKey;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    owner = infrastructure.postgres();
    // the image's user is a superuser under Testcontainers; the embedded server has postgres
    superuser =
        SharedInfrastructure.EMBEDDED.equals(infrastructure.mode())
            ? new PostgresEndpoint(
                owner.host(), owner.port(), owner.database(), EmbeddedPostgresServer.SUPERUSER, "")
            : owner;
    api =
        RunningQueryApi.start(
            owner,
            infrastructure.kafka(),
            Map.of("callstream.query.results.group-id", "it-audit-" + Ids.timeOrdered()));
    http = AdminHttp.of(api);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void newWorkspace() {
    workspaceId = api.newWorkspace();
    ownerKey = http.newKey(workspaceId, Role.OWNER);
  }

  @Test
  void shouldRecordSettingsChangesWithActorTimeSourceIpAndDiff() {
    Instant before = Instant.now().minusSeconds(1);
    assertThat(put("/settings/retention", "{\"days\": 14}").status()).isEqualTo(200);
    assertThat(put("/settings/plan", "{\"plan\": \"growth\"}").status()).isEqualTo(200);
    assertThat(put("/templates/Sales%20call", "{\"insights\": [\"SECRET-PLAYBOOK\"]}").status())
        .isEqualTo(200);
    Instant after = Instant.now().plusSeconds(1);

    Answer answer = get("/audit");

    assertThat(answer.status()).isEqualTo(200);
    List<JsonNode> items = items(answer.json());
    assertThat(items)
        .extracting(item -> item.get("type").asString())
        .containsExactly("TEMPLATE_CHANGED", "PLAN_CHANGED", "RETENTION_CHANGED");
    assertThat(items).extracting(item -> item.get("seq").asLong()).containsExactly(3L, 2L, 1L);
    for (JsonNode item : items) {
      assertThat(item.get("actor").asString()).endsWith(ownerKey.id());
      assertThat(item.get("sourceIp").asString()).isEqualTo("127.0.0.1");
      assertThat(Instant.parse(item.get("occurredAt").asString())).isBetween(before, after);
      assertThat(item.get("id").asString()).hasSize(36);
    }
    JsonNode retention = items.get(2).get("diff");
    assertThat(retention.get("from").isNull()).isTrue();
    assertThat(retention.get("to").asInt()).isEqualTo(14);
    JsonNode plan = items.get(1).get("diff");
    assertThat(plan.get("from").asString()).isEqualTo("free");
    assertThat(plan.get("to").asString()).isEqualTo("growth");
    JsonNode template = items.get(0).get("diff");
    assertThat(template.get("name").asString()).isEqualTo("Sales call");
    assertThat(template.get("from").isNull()).isTrue();
    assertThat(template.get("to").asString()).startsWith("sha256:").hasSize(7 + 64);
    assertThat(answer.body()).doesNotContain("SECRET-PLAYBOOK");
    assertThat(answer.json().get("nextCursor").isNull()).isTrue();
  }

  @Test
  void shouldFilterByTypeActorAndTimeAndWalkPagesExactlyOnce() {
    List<AuditType> types =
        List.of(AuditType.ROLE_CHANGED, AuditType.PLAN_CHANGED, AuditType.API_KEY_CREATED);
    for (int i = 0; i < 23; i++) {
      record(types.get(i % 3), new Actor("key:actor-" + (i % 2), "10.0.0." + i), i);
    }
    List<JsonNode> all = items(get("/audit?limit=200").json());
    assertThat(all).hasSize(23);
    assertThat(all)
        .extracting(item -> item.get("seq").asLong())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 23).map(s -> 24 - s).boxed().toList());

    List<JsonNode> paged = walk("/audit?limit=5");
    assertThat(paged)
        .extracting(item -> item.get("id").asString())
        .containsExactlyElementsOf(all.stream().map(item -> item.get("id").asString()).toList());

    List<JsonNode> roleOrPlan = walk("/audit?limit=4&type=ROLE_CHANGED&type=plan_changed");
    assertThat(roleOrPlan).hasSize(16);
    assertThat(roleOrPlan)
        .allSatisfy(
            item -> assertThat(item.get("type").asString()).isIn("ROLE_CHANGED", "PLAN_CHANGED"));

    List<JsonNode> byActor = walk("/audit?limit=3&actor=key:actor-1");
    assertThat(byActor).hasSize(11);
    assertThat(byActor)
        .allSatisfy(item -> assertThat(item.get("actor").asString()).isEqualTo("key:actor-1"));

    // from inclusive, to exclusive: seq 6 to 15 by their own times
    Instant from = Instant.parse(all.get(23 - 6).get("occurredAt").asString());
    Instant to = Instant.parse(all.get(23 - 16).get("occurredAt").asString());
    List<JsonNode> window = walk("/audit?limit=4&from=" + encode(from) + "&to=" + encode(to));
    assertThat(window)
        .extracting(item -> item.get("seq").asLong())
        .containsExactlyElementsOf(LongStream.rangeClosed(6, 15).map(s -> 21 - s).boxed().toList());
  }

  @Test
  void shouldAnswerBadListParametersWith400Problems() {
    Map<String, String> expected =
        Map.of(
            "/audit?limit=0",
            "limit",
            "/audit?limit=201",
            "limit",
            "/audit?limit=ten",
            "limit",
            "/audit?type=NOT_A_TYPE",
            "type",
            "/audit?from=yesterday",
            "from",
            "/audit?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z",
            "before",
            "/audit?actor=key%00x",
            "actor",
            "/audit?cursor=not-a-cursor",
            "cursor",
            "/audit?cursor="
                + java.util.Base64.getUrlEncoder()
                    .encodeToString("calls\n1\n2".getBytes(StandardCharsets.UTF_8)),
            "cursor");

    expected.forEach(
        (path, detail) -> {
          Answer answer = get(path);
          assertThat(answer.status()).as(path).isEqualTo(400);
          assertThat(answer.isProblem()).as(path).isTrue();
          assertThat(answer.json().get("detail").asString()).as(path).contains(detail);
        });
  }

  @Test
  void shouldRefuseTheLogToManagersAndMembers() {
    for (Role role : List.of(Role.MANAGER, Role.MEMBER)) {
      ApiKeySecret key = http.newKey(workspaceId, role);
      for (String path : List.of("/audit", "/audit/verify")) {
        Answer answer = http.get(workspaceId, key, path);
        assertThat(answer.status()).as(role + " " + path).isEqualTo(403);
        assertThat(answer.isProblem()).isTrue();
      }
    }
  }

  @Test
  void shouldKeepOneUnbrokenChainUnderConcurrentAppends() {
    AuditLog audit = api.bean(AuditLog.class);
    Flux.range(0, 50)
        .flatMap(
            i ->
                audit.record(
                    workspaceId,
                    AuditType.API_KEY_CREATED,
                    new Actor("key:parallel-" + i, "10.0.0.1"),
                    Map.of("keyId", "k" + i)),
            50)
        .then()
        .block(PATIENCE);

    JsonNode report = get("/audit/verify").json();

    assertThat(report.get("valid").asBoolean()).isTrue();
    assertThat(report.get("entries").asLong()).isEqualTo(50);
    assertThat(report.get("firstBroken").isNull()).isTrue();
    List<Long> seqs =
        api.db()
            .sql("select seq from audit_events where workspace_id = :ws order by seq")
            .bind("ws", workspaceId)
            .map(row -> row.get("seq", Long.class))
            .all()
            .collectList()
            .block(PATIENCE);
    assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
    Set<String> keys = new HashSet<>();
    items(get("/audit?limit=200").json())
        .forEach(item -> keys.add(item.get("diff").get("keyId").asString()));
    assertThat(keys).hasSize(50);
  }

  @Test
  void shouldNameTheEntryWhoseDiffASuperuserEdited() throws SQLException {
    List<String> ids = recordFive();
    assertThat(get("/audit/verify").json().get("valid").asBoolean()).isTrue();

    asSuperuser(
        "update audit_events set diff = '{\"from\": 30, \"to\": 3650}'"
            + " where workspace_id = ? and seq = 3");

    JsonNode report = get("/audit/verify").json();
    assertThat(report.get("valid").asBoolean()).isFalse();
    assertThat(report.get("entries").asLong()).isEqualTo(5);
    JsonNode broken = report.get("firstBroken");
    assertThat(broken.get("seq").asLong()).isEqualTo(3);
    assertThat(broken.get("id").asString()).isEqualTo(ids.get(2));
    assertThat(broken.get("reason").asString()).startsWith("hash mismatch");
  }

  @Test
  void shouldNameTheEntryAfterOneASuperuserDeleted() throws SQLException {
    List<String> ids = recordFive();

    asSuperuser("delete from audit_events where workspace_id = ? and seq = 3");

    JsonNode report = get("/audit/verify").json();
    assertThat(report.get("valid").asBoolean()).isFalse();
    assertThat(report.get("entries").asLong()).isEqualTo(4);
    JsonNode broken = report.get("firstBroken");
    assertThat(broken.get("seq").asLong()).isEqualTo(4);
    assertThat(broken.get("id").asString()).isEqualTo(ids.get(3));
    assertThat(broken.get("reason").asString()).startsWith("seq gap").contains("expected seq 3");
  }

  @Test
  void shouldRefuseUpdateDeleteAndTruncateEvenToTheTablesOwner() throws SQLException {
    recordFive();
    List<String> statements =
        List.of(
            "update audit_events set actor = 'key:someone-else' where workspace_id = ?",
            "delete from audit_events where workspace_id = ?",
            "truncate audit_events");

    for (String sql : statements) {
      // in a transaction that is rolled back whatever happens: a truncate must never land
      try (Connection connection =
          DriverManager.getConnection(owner.jdbcUrl(), owner.user(), owner.password())) {
        connection.setAutoCommit(false);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          if (sql.contains("?")) {
            statement.setString(1, workspaceId);
          }
          assertThatThrownBy(statement::execute)
              .as(sql)
              .isInstanceOf(SQLException.class)
              .hasMessageContaining("append-only");
        } finally {
          connection.rollback();
        }
      }
    }
    assertThat(get("/audit/verify").json().get("entries").asLong()).isEqualTo(5);
  }

  private List<String> recordFive() {
    for (int i = 0; i < 5; i++) {
      record(AuditType.RETENTION_CHANGED, new Actor("key:tester", "10.0.0.9"), i);
    }
    List<String> ids = new ArrayList<>();
    items(get("/audit").json()).forEach(item -> ids.add(0, item.get("id").asString()));
    return ids;
  }

  private void record(AuditType type, Actor actor, int n) {
    api.bean(AuditLog.class)
        .record(workspaceId, type, actor, Map.of("from", n, "to", n + 1))
        .block(PATIENCE);
  }

  private void asSuperuser(String sql) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                superuser.jdbcUrl(), superuser.user(), superuser.password());
        Statement replica = connection.createStatement();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      // what it takes to get past the append-only triggers: a superuser's session setting
      replica.execute("set session_replication_role = replica");
      statement.setString(1, workspaceId);
      assertThat(statement.executeUpdate()).isEqualTo(1);
    }
  }

  /** Every item of a list, page after page. */
  private List<JsonNode> walk(String path) {
    List<JsonNode> items = new ArrayList<>();
    String cursor = null;
    do {
      Answer answer = get(cursor == null ? path : path + "&cursor=" + cursor);
      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
      JsonNode page = answer.json();
      items.addAll(items(page));
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
    } while (cursor != null);
    return items;
  }

  private static List<JsonNode> items(JsonNode page) {
    List<JsonNode> items = new ArrayList<>();
    page.get("items").forEach(items::add);
    return items;
  }

  private static String encode(Instant time) {
    return URLEncoder.encode(time.toString(), StandardCharsets.UTF_8);
  }

  private Answer get(String path) {
    return http.get(workspaceId, ownerKey, path);
  }

  private Answer put(String path, String json) {
    return http.put(workspaceId, ownerKey, path, json);
  }
}
