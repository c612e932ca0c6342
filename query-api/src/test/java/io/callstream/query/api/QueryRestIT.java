package io.callstream.query.api;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.ApiKeyRepository;
import io.callstream.api.auth.ApiKeySecret;
import io.callstream.api.auth.Role;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.event.EventFixtures;
import io.callstream.core.event.InsightDetected;
import io.callstream.core.event.InsightType;
import io.callstream.core.event.Progress;
import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.testing.EventProducer;
import io.callstream.query.testing.Eventually;
import io.callstream.query.testing.RunningQueryApi;
import io.callstream.query.testing.SealedResults;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.env.Environment;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST API over real HTTP, with results that came through Kafka, encrypted for real. */
@ExtendWith(SharedInfrastructure.class)
class QueryRestIT {

  private static final String PROBLEM_JSON = "application/problem+json";

  private static RunningQueryApi api;
  private static EventProducer producer;
  private static HttpClient http;
  private static String base;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private String workspaceId;
  private String token;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    api =
        RunningQueryApi.start(
            infrastructure.postgres(),
            infrastructure.kafka(),
            Map.of("callstream.query.results.group-id", "it-rest-" + Ids.timeOrdered()));
    producer = EventProducer.to(infrastructure.kafka());
    http = HttpClient.newBuilder().connectTimeout(PATIENCE).build();
    base = "http://localhost:" + api.bean(Environment.class).getProperty("local.server.port");
  }

  @AfterAll
  static void stop() {
    producer.close();
    api.close();
  }

  @BeforeEach
  void newWorkspace() {
    workspaceId = api.newWorkspace();
    token = newKey(workspaceId);
  }

  @Test
  void shouldServeTheDecryptedMindmapWithCitations() {
    String callId = api.newCall(workspaceId);
    SealedResults results = sealed(callId);
    producer.send(results.mindmap(1, SealedResults.budgetMindmap()));
    awaitRow("call_mindmaps", callId);

    Answer answer = get("/calls/" + callId + "/mindmap");

    assertThat(answer.status()).isEqualTo(200);
    JsonNode body = answer.json();
    assertThat(body.get("version").asLong()).isEqualTo(1);
    assertThat(body.get("analyzer").asString()).isEqualTo("local");
    JsonNode root = body.get("root");
    assertThat(root.get("label").asString()).isEqualTo("Budget review");
    JsonNode hiring = root.get("children").get(1);
    assertThat(hiring.get("label").asString()).isEqualTo("Hiring");
    assertThat(hiring.get("citations").get(0).get("segmentId").asString()).isEqualTo("seg-2");
    assertThat(hiring.get("citations").get(0).get("startMs").asLong()).isEqualTo(61_000);
  }

  @Test
  void shouldAnswer404ProblemWhileACallHasNoMindmap() {
    String callId = api.newCall(workspaceId);

    Answer answer = get("/calls/" + callId + "/mindmap");

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.contentType()).startsWith(PROBLEM_JSON);
    assertThat(answer.json().get("detail").asString()).contains("no mindmap");
  }

  @Test
  void shouldServeInsightsSummaryAndMetricsOfACall() {
    String callId = api.newCall(workspaceId);
    SealedResults results = sealed(callId);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    producer.send(
        results.insight(InsightType.ACTION_ITEM, "Send the revised budget", now, "seg-1"),
        results.insight(InsightType.RISK, "Hiring may slip", now.plusSeconds(1), "seg-2"),
        results.summary(1, "The team reviewed the budget."),
        EventFixtures.call(workspaceId, callId).metricsUpdated());
    awaitRow("call_metrics", callId);

    JsonNode insights = get("/calls/" + callId + "/insights").json().get("items");
    JsonNode summary = get("/calls/" + callId + "/summary").json();
    JsonNode metrics = get("/calls/" + callId + "/metrics").json();

    assertThat(insights).hasSize(2);
    assertThat(insights.get(0).get("text").asString()).isEqualTo("Send the revised budget");
    assertThat(insights.get(0).get("type").asString()).isEqualTo("ACTION_ITEM");
    assertThat(insights.get(0).get("owner").asString()).isEqualTo("Ana");
    assertThat(insights.get(0).get("callId").asString()).isEqualTo(callId);
    assertThat(insights.get(1).get("citedSegmentIds").get(0).asString()).isEqualTo("seg-2");
    assertThat(summary.get("text").asString()).isEqualTo("The team reviewed the budget.");
    assertThat(metrics.get("talkRatio").asDouble()).isEqualTo(0.6);
    assertThat(metrics.get("questions").asInt()).isEqualTo(7);
    assertThat(metrics.get("talkMsBySpeaker").get("spk_0").asLong()).isEqualTo(36_000);
  }

  @Test
  void shouldShowACallWithItsAnalysisAndLatestProgressPerStage() {
    String callId = api.newCall(workspaceId);
    EventFixtures.Call call = EventFixtures.call(workspaceId, callId);
    producer.send(
        call.progress(Progress.Stage.CHUNKED, 10, 10, null),
        call.progress(Progress.Stage.ANALYZED, 3, 10, 42_000L),
        call.analyzed(CallAnalyzed.Status.DEGRADED, "2 of 40 chunks timed out"));
    awaitRow("call_analysis", callId);
    Eventually.await("progress of two stages stored", () -> rows("call_progress", callId) == 2);

    Answer answer = get("/calls/" + callId);

    assertThat(answer.status()).isEqualTo(200);
    JsonNode body = answer.json();
    assertThat(body.get("status").asString()).isEqualTo("open");
    assertThat(body.get("analysis").get("status").asString()).isEqualTo("DEGRADED");
    assertThat(body.get("analysis").get("reason").asString()).isEqualTo("2 of 40 chunks timed out");
    JsonNode progress = body.get("progress");
    assertThat(progress).hasSize(2);
    assertThat(progress.get(0).get("stage").asString()).isEqualTo("CHUNKED");
    assertThat(progress.get(1).get("stage").asString()).isEqualTo("ANALYZED");
    assertThat(progress.get(1).get("etaMs").asLong()).isEqualTo(42_000);
  }

  @Test
  void shouldWalkEveryPageOfCallsOnceNewestFirst() {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      // two calls per instant, so the id breaks ties across page boundaries
      created.add(insertCall("Call " + i, "open", start.plusSeconds(i / 2)));
    }

    List<String> seen = new ArrayList<>();
    List<Instant> times = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page = get("/calls?limit=3" + (cursor == null ? "" : "&cursor=" + cursor)).json();
      page.get("items")
          .forEach(
              item -> {
                seen.add(item.get("id").asString());
                times.add(Instant.parse(item.get("createdAt").asString()));
              });
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
    assertThat(times).isSortedAccordingTo((a, b) -> b.compareTo(a));
  }

  @Test
  void shouldFilterCallsByStatusTimeAndTitleText() {
    String early = insertCall("Budget kickoff", "ended", Instant.parse("2026-02-01T09:00:00Z"));
    String middle = insertCall("Hiring sync", "open", Instant.parse("2026-02-02T09:00:00Z"));
    String late = insertCall("BUDGET follow-up", "open", Instant.parse("2026-02-03T09:00:00Z"));

    assertThat(ids(get("/calls?status=ended"))).containsExactly(early);
    assertThat(ids(get("/calls?text=budget"))).containsExactly(late, early);
    assertThat(ids(get("/calls?from=2026-02-02T00:00:00Z&to=2026-02-03T00:00:00Z")))
        .containsExactly(middle);
    assertThat(ids(get("/calls?status=open&text=budget&from=2026-02-01T10:00:00Z")))
        .containsExactly(late);
    JsonNode item = get("/calls?status=ended").json().get("items").get(0);
    assertThat(item.get("title").asString()).isEqualTo("Budget kickoff");
    assertThat(item.get("status").asString()).isEqualTo("ended");
  }

  @Test
  void shouldPageInsightsAcrossCallsFilteredByTypeAndTime() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<String> expected = new ArrayList<>();
    InsightDetected last = null;
    for (int c = 0; c < 3; c++) {
      String callId = api.newCall(workspaceId);
      SealedResults results = sealed(callId);
      for (int i = 0; i < 2; i++) {
        // same time in two calls: the call and insight ids break the tie
        InsightDetected action =
            results.insight(
                InsightType.ACTION_ITEM, "Action " + c + "." + i, now.minusSeconds(i), "seg-1");
        expected.add(action.insightId());
        producer.send(
            action,
            results.insight(InsightType.RISK, "Risk " + c + "." + i, now.minusSeconds(i), "seg-1"),
            results.insight(
                InsightType.ACTION_ITEM,
                "Old " + c + "." + i,
                now.minus(10, ChronoUnit.DAYS),
                "seg-1"));
      }
      last = results.insight(InsightType.DECISION, "Sentinel", now, "seg-1");
      producer.send(last);
    }
    String lastId = last.insightId();
    Eventually.await("insights stored", () -> insightStored(lastId));
    String from = now.minus(7, ChronoUnit.DAYS).toString();

    List<String> seen = new ArrayList<>();
    Set<String> texts = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          get("/insights?type=action_item&limit=4&from="
                  + from
                  + (cursor == null ? "" : "&cursor=" + cursor))
              .json();
      page.get("items")
          .forEach(
              item -> {
                seen.add(item.get("insightId").asString());
                texts.add(item.get("text").asString());
                assertThat(item.get("type").asString()).isEqualTo("ACTION_ITEM");
              });
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(pages).isEqualTo(2);
    assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    assertThat(texts).allMatch(text -> text.startsWith("Action "));
  }

  @Test
  void shouldAnswer404WithoutDataForAnotherWorkspacesCall() {
    String otherWorkspace = api.newWorkspace();
    String otherCall = api.newCall(otherWorkspace);
    producer.send(sealed(otherWorkspace, otherCall).mindmap(1, SealedResults.budgetMindmap()));
    awaitRow("call_mindmaps", otherCall);

    Answer viaOtherPath =
        send("/v1/workspaces/" + otherWorkspace + "/calls/" + otherCall + "/mindmap");
    Answer viaOwnPath = get("/calls/" + otherCall + "/mindmap");
    Answer detail = get("/calls/" + otherCall);
    Answer export = get("/calls/" + otherCall + "/export?format=json");

    for (Answer answer : List.of(viaOtherPath, viaOwnPath, detail, export)) {
      assertThat(answer.status()).isEqualTo(404);
      assertThat(answer.contentType()).startsWith(PROBLEM_JSON);
      assertThat(answer.body()).doesNotContain("Budget").doesNotContain("Hiring");
    }
    assertThat(get("/calls").json().get("items")).isEmpty();
  }

  @Test
  void shouldAnswerBadParametersWith400Problems() {
    String callId = api.newCall(workspaceId);
    Map<String, String> expectedDetail =
        Map.of(
            "/calls?limit=abc",
            "limit",
            "/calls?limit=500",
            "limit",
            "/calls?cursor=not-a-cursor",
            "cursor",
            "/calls?from=yesterday",
            "from",
            "/calls?status=closed",
            "status",
            "/insights?type=BOGUS",
            "ACTION_ITEM",
            "/insights?cursor=" + Cursor.of("calls", Instant.now(), "x").encode(),
            "cursor",
            "/calls/" + callId + "/export?format=pdf",
            "json, md, opml, mm, mermaid");

    expectedDetail.forEach(
        (path, detail) -> {
          Answer answer = get(path);
          assertThat(answer.status()).as(path).isEqualTo(400);
          assertThat(answer.contentType()).as(path).startsWith(PROBLEM_JSON);
          assertThat(answer.json().get("detail").asString()).as(path).contains(detail);
        });
  }

  @Test
  void shouldExportACallInEveryFormat() throws Exception {
    String callId = insertCall("Budget review", "ended", Instant.now());
    SealedResults results = sealed(callId);
    producer.send(
        results.mindmap(2, SealedResults.budgetMindmap()),
        results.insight(InsightType.ACTION_ITEM, "Send the revised budget", Instant.now(), "seg-1"),
        results.summary(1, "The team reviewed the budget."));
    awaitRow("call_summaries", callId);
    Eventually.await("mindmap and insight stored", () -> rows("call_insights", callId) == 1);

    Answer json = get("/calls/" + callId + "/export?format=json");
    Answer markdown = get("/calls/" + callId + "/export?format=md");
    Answer opml = get("/calls/" + callId + "/export?format=opml");
    Answer freemind = get("/calls/" + callId + "/export?format=mm");
    Answer mermaid = get("/calls/" + callId + "/export?format=mermaid");

    assertThat(json.contentType()).startsWith("application/json");
    assertThat(json.disposition()).contains("attachment").contains("Budget-review.json");
    JsonNode exported = json.json();
    assertThat(exported.get("mindmap").get("label").asString()).isEqualTo("Budget review");
    assertThat(exported.get("summary").asString()).isEqualTo("The team reviewed the budget.");
    assertThat(exported.get("insights").get("ACTION_ITEM").get(0).get("citations").get(0))
        .isNotNull();
    assertThat(markdown.contentType()).startsWith("text/markdown");
    assertThat(markdown.body()).contains("Hiring");
    assertThat(opml.contentType()).startsWith("text/x-opml");
    assertThat(opml.body()).startsWith("<?xml");
    assertThat(xml(opml).getDocumentElement().getNodeName()).isEqualTo("opml");
    assertThat(freemind.contentType()).startsWith("application/x-freemind");
    assertThat(xml(freemind).getDocumentElement().getNodeName()).isEqualTo("map");
    assertThat(mermaid.contentType()).startsWith("text/vnd.mermaid");
    assertThat(mermaid.body()).contains("mindmap");
    assertThat(mermaid.disposition()).contains(".mmd");
  }

  private SealedResults sealed(String callId) {
    return sealed(workspaceId, callId);
  }

  private static SealedResults sealed(String workspace, String callId) {
    return new SealedResults(api.bean(FieldCipher.class), workspace, callId);
  }

  private static String newKey(String workspace) {
    ApiKeySecret key = ApiKeySecret.generate();
    api.bean(ApiKeyRepository.class).insert(workspace, key, "it", Role.OWNER).block(PATIENCE);
    return key.token();
  }

  private String insertCall(String title, String status, Instant createdAt) {
    String callId = Ids.timeOrdered();
    api.db()
        .sql(
            "insert into calls (workspace_id, id, title, source, status, created_at, ended_at)"
                + " values (:ws, :id, :title, 'upload', :status, :createdAt,"
                + " case when :status = 'ended' then :createdAt end)")
        .bind("ws", workspaceId)
        .bind("id", callId)
        .bind("title", title)
        .bind("status", status)
        .bind("createdAt", createdAt)
        .then()
        .block(PATIENCE);
    return callId;
  }

  private void awaitRow(String table, String callId) {
    Eventually.await(table + " row of " + callId, () -> rows(table, callId) > 0);
  }

  private long rows(String table, String callId) {
    return api.db()
        .sql("select count(*) as n from " + table + " where call_id = :callId")
        .bind("callId", callId)
        .map(row -> row.get("n", Long.class))
        .one()
        .block(PATIENCE);
  }

  private boolean insightStored(String insightId) {
    return api.db()
            .sql("select count(*) as n from call_insights where insight_id = :id")
            .bind("id", insightId)
            .map(row -> row.get("n", Long.class))
            .one()
            .block(PATIENCE)
        > 0;
  }

  private static List<String> ids(Answer answer) {
    List<String> ids = new ArrayList<>();
    answer.json().get("items").forEach(item -> ids.add(item.get("id").asString()));
    return ids;
  }

  private static Document xml(Answer answer) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(answer.body().getBytes(StandardCharsets.UTF_8)));
  }

  /** GET of a path under this test's workspace. */
  private Answer get(String path) {
    return send("/v1/workspaces/" + workspaceId + path);
  }

  private Answer send(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + token)
            .timeout(PATIENCE)
            .GET()
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.headers().firstValue("Content-Disposition").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** An HTTP answer as the client saw it. */
  private record Answer(int status, String contentType, String disposition, String body) {

    JsonNode json() {
      return JSON.readTree(body);
    }
  }
}
