package io.callstream.query.admin.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.ApiKeySecret;
import io.callstream.api.auth.Role;
import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.admin.audit.AdminHttp;
import io.callstream.query.admin.audit.AdminHttp.Answer;
import io.callstream.query.testing.RunningQueryApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/** Plan, retention and templates over real HTTP, with the roles that may change them. */
@ExtendWith(SharedInfrastructure.class)
class SettingsIT {

  private static RunningQueryApi api;
  private static AdminHttp http;

  private String workspaceId;
  private ApiKeySecret owner;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    api =
        RunningQueryApi.start(
            infrastructure.postgres(),
            infrastructure.kafka(),
            Map.of("callstream.query.results.group-id", "it-settings-" + Ids.timeOrdered()));
    http = AdminHttp.of(api);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @BeforeEach
  void newWorkspace() {
    workspaceId = api.newWorkspace();
    owner = http.newKey(workspaceId, Role.OWNER);
  }

  @Test
  void shouldShowThePlansRetentionToEveryRole() {
    ApiKeySecret member = http.newKey(workspaceId, Role.MEMBER);

    Answer answer = http.get(workspaceId, member, "/settings");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().get("plan").asString()).isEqualTo("free");
    assertThat(answer.json().get("retentionDays").asInt()).isEqualTo(30);
    assertThat(answer.json().get("retentionOverride").isNull()).isTrue();
  }

  @Test
  void shouldShortenRetentionAndGoBackToThePlansDefault() {
    Answer shortened = put("/settings/retention", "{\"days\": 14}");
    JsonNode afterShortening = get("/settings").json();
    Answer restored = put("/settings/retention", "{\"days\": null}");

    assertThat(shortened.status()).isEqualTo(200);
    assertThat(shortened.json().get("retentionDays").asInt()).isEqualTo(14);
    assertThat(afterShortening.get("retentionDays").asInt()).isEqualTo(14);
    assertThat(afterShortening.get("retentionOverride").asInt()).isEqualTo(14);
    assertThat(restored.status()).isEqualTo(200);
    assertThat(get("/settings").json().get("retentionDays").asInt()).isEqualTo(30);
    assertThat(get("/settings").json().get("retentionOverride").isNull()).isTrue();
    assertThat(auditTypes()).containsExactly("RETENTION_CHANGED", "RETENTION_CHANGED");
  }

  @Test
  void shouldRefuseARetentionLongerThanThePlanKeepsWith422() {
    Answer longer = put("/settings/retention", "{\"days\": 31}");

    assertThat(longer.status()).isEqualTo(422);
    assertThat(longer.isProblem()).isTrue();
    assertThat(longer.json().get("detail").asString()).contains("free plan keeps calls 30 days");
    assertThat(get("/settings").json().get("retentionDays").asInt()).isEqualTo(30);
    assertThat(auditTypes()).isEmpty();
  }

  @Test
  void shouldLetAnUnlimitedPlanKeepAnyRetention() {
    assertThat(put("/settings/plan", "{\"plan\": \"scale\"}").json().get("retentionDays").isNull())
        .isTrue();

    Answer answer = put("/settings/retention", "{\"days\": 1000}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().get("retentionDays").asInt()).isEqualTo(1000);
  }

  @Test
  void shouldDropAnOwnRetentionThatANewPlanWouldNotKeep() {
    put("/settings/plan", "{\"plan\": \"scale\"}");
    put("/settings/retention", "{\"days\": 200}");

    Answer answer = put("/settings/plan", "{\"plan\": \"starter\"}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().get("plan").asString()).isEqualTo("starter");
    assertThat(answer.json().get("retentionDays").asInt()).isEqualTo(90);
    assertThat(answer.json().get("retentionOverride").isNull()).isTrue();
    List<JsonNode> entries = auditEntries();
    assertThat(entries)
        .extracting(entry -> entry.get("type").asString())
        .containsExactly("PLAN_CHANGED", "RETENTION_CHANGED", "PLAN_CHANGED", "RETENTION_CHANGED");
    JsonNode dropped = entries.get(3).get("diff");
    assertThat(dropped.get("from").asInt()).isEqualTo(200);
    assertThat(dropped.get("to").isNull()).isTrue();
    assertThat(dropped.get("reason").asString()).contains("new plan");
  }

  @Test
  void shouldKeepAShorterOwnRetentionAcrossAPlanChange() {
    put("/settings/retention", "{\"days\": 7}");

    Answer answer = put("/settings/plan", "{\"plan\": \"growth\"}");

    assertThat(answer.json().get("retentionDays").asInt()).isEqualTo(7);
    assertThat(answer.json().get("retentionOverride").asInt()).isEqualTo(7);
  }

  @Test
  void shouldAnswerBadSettingsWith400Problems() {
    List<String[]> bad =
        List.of(
            new String[] {"/settings/retention", "{\"days\": 0}", "days"},
            new String[] {"/settings/retention", "{\"days\": -3}", "days"},
            new String[] {"/settings/retention", "{\"days\": \"14\"}", "days"},
            new String[] {"/settings/retention", "{\"days\": 1.5}", "days"},
            new String[] {"/settings/retention", "{\"days\": 99999999999}", "days"},
            new String[] {"/settings/retention", "{}", "days is required"},
            new String[] {"/settings/retention", "[14]", "JSON object"},
            new String[] {"/settings/retention", "{\"days\": 14", "JSON"},
            new String[] {"/settings/retention", "", "JSON object"},
            new String[] {"/settings/plan", "{\"plan\": \"enterprise\"}", "plan must be one of"},
            new String[] {"/settings/plan", "{\"plan\": \"' or 1=1 --\"}", "plan must be one of"},
            new String[] {"/settings/plan", "{\"plan\": null}", "plan must be one of"});

    for (String[] request : bad) {
      Answer answer = put(request[0], request[1]);
      assertThat(answer.status()).as(request[1]).isEqualTo(400);
      assertThat(answer.isProblem()).as(request[1]).isTrue();
      assertThat(answer.json().get("detail").asString()).as(request[1]).contains(request[2]);
    }
    assertThat(get("/settings").json().get("plan").asString()).isEqualTo("free");
    assertThat(auditTypes()).isEmpty();
  }

  @Test
  void shouldAnswerAWrongContentTypeWith415() {
    Answer answer =
        http.send(workspaceId, owner, "PUT", "/settings/retention", "{\"days\": 7}", "text/plain");

    assertThat(answer.status()).isEqualTo(415);
    assertThat(answer.isProblem()).isTrue();
  }

  @Test
  void shouldLeaveRetentionAndPlanToTheOwner() {
    ApiKeySecret manager = http.newKey(workspaceId, Role.MANAGER);
    ApiKeySecret member = http.newKey(workspaceId, Role.MEMBER);

    for (ApiKeySecret key : List.of(manager, member)) {
      Answer retention = http.put(workspaceId, key, "/settings/retention", "{\"days\": 7}");
      Answer plan = http.put(workspaceId, key, "/settings/plan", "{\"plan\": \"scale\"}");
      // a body the owner would get a 400 for: the role is checked first
      Answer badBody = http.put(workspaceId, key, "/settings/retention", "nonsense");
      for (Answer answer : List.of(retention, plan, badBody)) {
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.isProblem()).isTrue();
      }
    }
    assertThat(get("/settings").json().get("retentionOverride").isNull()).isTrue();
    assertThat(auditTypes()).isEmpty();
  }

  @Test
  void shouldWriteListOverwriteAndDeleteTemplatesAsAManager() {
    ApiKeySecret manager = http.newKey(workspaceId, Role.MANAGER);
    ApiKeySecret member = http.newKey(workspaceId, Role.MEMBER);

    Answer created =
        http.put(
            workspaceId,
            manager,
            "/templates/Sales%20call",
            "{\"depth\": 3, \"look\": [\"risks\"]}");
    Answer overwritten =
        http.put(workspaceId, manager, "/templates/Sales%20call", "{\"depth\": 4}");
    http.put(workspaceId, manager, "/templates/standup-2", "{\"depth\": 1}");
    Answer listed = http.get(workspaceId, member, "/templates");
    Answer deleted = http.delete(workspaceId, manager, "/templates/standup-2");

    assertThat(created.status()).isEqualTo(200);
    assertThat(created.json().get("name").asString()).isEqualTo("Sales call");
    assertThat(created.json().get("body").get("look").get(0).asString()).isEqualTo("risks");
    assertThat(overwritten.json().get("body").get("depth").asInt()).isEqualTo(4);
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.json().get("items"))
        .extracting(item -> item.get("name").asString())
        .containsExactly("Sales call", "standup-2");
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(http.get(workspaceId, member, "/templates").json().get("items")).hasSize(1);

    List<JsonNode> entries = auditEntries();
    assertThat(entries).extracting(e -> e.get("type").asString()).containsOnly("TEMPLATE_CHANGED");
    assertThat(entries).hasSize(4);
    JsonNode first = entries.get(0).get("diff");
    JsonNode second = entries.get(1).get("diff");
    JsonNode removal = entries.get(3).get("diff");
    assertThat(first.get("from").isNull()).isTrue();
    assertThat(second.get("from").asString()).isEqualTo(first.get("to").asString());
    assertThat(second.get("to").asString()).isNotEqualTo(first.get("to").asString());
    assertThat(removal.get("name").asString()).isEqualTo("standup-2");
    assertThat(removal.get("to").isNull()).isTrue();
    assertThat(entries.toString()).doesNotContain("risks");
  }

  @Test
  void shouldLeaveTemplatesToManagersAndOwners() {
    ApiKeySecret member = http.newKey(workspaceId, Role.MEMBER);
    put("/templates/kept", "{\"depth\": 1}");

    Answer write = http.put(workspaceId, member, "/templates/mine", "{\"depth\": 1}");
    Answer delete = http.delete(workspaceId, member, "/templates/kept");

    assertThat(write.status()).isEqualTo(403);
    assertThat(delete.status()).isEqualTo(403);
    assertThat(get("/templates").json().get("items")).hasSize(1);
  }

  @Test
  void shouldAnswerBadTemplatesWithProblems() {
    List<Object[]> bad =
        List.of(
            new Object[] {"/templates/a$b", "{}", 400},
            new Object[] {"/templates/" + "n".repeat(101), "{}", 400},
            new Object[] {"/templates/%27%3B%20drop%20table%20workspaces", "{}", 400},
            new Object[] {"/templates/ok", "[1, 2]", 400},
            new Object[] {"/templates/ok", "\"text\"", 400},
            new Object[] {"/templates/ok", "{\"a\": ", 400},
            new Object[] {"/templates/ok", "{\"a\": \"nul\\u0000\"}", 400},
            new Object[] {"/templates/ok", "{\"a\": 1e999999}", 400});

    for (Object[] request : bad) {
      Answer answer = put((String) request[0], (String) request[1]);
      assertThat(answer.status()).as((String) request[0]).isEqualTo(request[2]);
      assertThat(answer.isProblem()).as((String) request[0]).isTrue();
    }
    Answer missing = http.delete(workspaceId, owner, "/templates/never-written");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.isProblem()).isTrue();
    assertThat(get("/templates").json().get("items")).isEmpty();
    assertThat(auditTypes()).isEmpty();
  }

  @Test
  void shouldRefuseOversizedTemplatesWith413() {
    String large = "{\"pad\": \"" + "x".repeat(64 * 1024) + "\"}";
    // the second is past what the server would read into memory at all
    for (String body : List.of(large, large.repeat(5))) {
      // a client of its own: the server may close a connection whose body it refused unread
      Answer answer = AdminHttp.of(api).put(workspaceId, owner, "/templates/big", body);
      assertThat(answer.status()).isEqualTo(413);
      assertThat(answer.isProblem()).isTrue();
    }
    assertThat(get("/templates").json().get("items")).isEmpty();
  }

  /** The workspace's audit entries, oldest first. */
  private List<JsonNode> auditEntries() {
    List<JsonNode> entries = new ArrayList<>();
    get("/audit?limit=200").json().get("items").forEach(item -> entries.add(0, item));
    return entries;
  }

  private List<String> auditTypes() {
    return auditEntries().stream().map(entry -> entry.get("type").asString()).toList();
  }

  private Answer get(String path) {
    return http.get(workspaceId, owner, path);
  }

  private Answer put(String path, String json) {
    return http.put(workspaceId, owner, path, json);
  }
}
