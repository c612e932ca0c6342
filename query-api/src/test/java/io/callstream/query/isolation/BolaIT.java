package io.callstream.query.isolation;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.callstream.api.auth.ApiKeyRepository;
import io.callstream.api.auth.ApiKeySecret;
import io.callstream.api.auth.Role;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.Ciphertext;
import io.callstream.core.event.InsightDetected;
import io.callstream.core.event.InsightType;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.isolation.DocumentedOperations.Operation;
import io.callstream.query.isolation.Probe.Answer;
import io.callstream.query.testing.EventProducer;
import io.callstream.query.testing.Eventually;
import io.callstream.query.testing.RunningQueryApi;
import io.callstream.query.testing.SealedResults;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Broken object level authorization, tried on every operation of the live OpenAPI document: with
 * workspace A's Owner key, (a) on workspace B's path with B's object ids, and (b) on A's own path
 * with B's object ids. Every answer is a 404 problem that names none of B's ids and shows none of
 * B's content, and afterwards B reads all of its objects as before. A route added to the document
 * is walked without editing this test; a path parameter it cannot fill fails it.
 */
@ExtendWith(SharedInfrastructure.class)
class BolaIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** B's content: none of it may reach A. */
  private static final String MINDMAP_LABEL = "Budget review";

  private static final String INSIGHT_TEXT = "Bola secret action for workspace B";
  private static final String TRANSCRIPT_TEXT = "Workspace B says the merger closes on Friday";
  private static final String TEMPLATE_MARKER = "bola-b-template-marker";
  private static final String KEY_NAME = "bola-b-second-key";
  private static final String INVITED_EMAIL = "bola-b-invitee@example.com";

  /**
   * Path parameters that name a thing by a key its workspace chooses (a template's name): on A's
   * own path a PUT of such a thing writes A's own one, which is no access to B's.
   */
  private static final Set<String> NATURAL_KEYS = Set.of("name");

  private static RunningQueryApi api;
  private static EventProducer producer;
  private static Probe probe;
  private static String workspaceA;
  private static String workspaceB;
  private static String tokenA;
  private static String tokenB;
  private static final Map<String, String> OBJECTS_OF_B = new LinkedHashMap<>();

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    api =
        RunningQueryApi.start(
            infrastructure.postgres(),
            infrastructure.kafka(),
            Map.of("callstream.query.results.group-id", "it-bola-" + Ids.timeOrdered()));
    producer = EventProducer.to(infrastructure.kafka());
    probe =
        Probe.of(
            URI.create(
                "http://localhost:"
                    + api.bean(Environment.class).getProperty("local.server.port")));
    workspaceA = api.newWorkspace();
    workspaceB = api.newWorkspace();
    tokenA = ownerKey(workspaceA).token();
    ApiKeySecret keyB = ownerKey(workspaceB);
    tokenB = keyB.token();
    objectsOfB(keyB);
  }

  @AfterAll
  static void stop() {
    producer.close();
    api.close();
  }

  @Test
  void shouldAnswer404WithoutDataForEveryOperationOnAnotherWorkspacesObjects() {
    List<Operation> operations = DocumentedOperations.of(document());
    assertThat(operations).as("operations in the OpenAPI document").hasSizeGreaterThan(20);
    Map<String, Answer> before = snapshotOfB(operations);
    Map<String, Answer> again = snapshotOfB(operations);

    List<String> failures = new ArrayList<>();
    int probes = 0;
    for (Operation operation : operations) {
      if (!operation.pathParameters().contains("workspaceId")) {
        // a signed-in user's own route (GET /v1/me): it names no workspace object to aim at
        continue;
      }
      for (String parameter : operation.pathParameters()) {
        if (!OBJECTS_OF_B.containsKey(parameter)) {
          fail(
              operation
                  + " has path parameter {"
                  + parameter
                  + "} that BolaIT cannot fill: add an object of that kind to workspace B in"
                  + " BolaIT.objectsOfB");
        }
      }
      String onB = operation.fill(OBJECTS_OF_B::get);
      check(operation, "A's key on B's workspace", onB, workspaceB, failures);
      probes++;
      if (operation.pathParameters().size() > 1) {
        String onA =
            operation.fill(
                name -> name.equals("workspaceId") ? workspaceA : OBJECTS_OF_B.get(name));
        check(operation, "A's key on A's workspace with B's ids", onA, workspaceA, failures);
        probes++;
      }
    }
    System.out.printf(
        "BolaIT: %d operations, %d cross-workspace requests%n", operations.size(), probes);

    Map<String, Answer> after = snapshotOfB(operations);
    before.forEach(
        (read, answer) -> {
          Answer now = after.get(read);
          boolean stable = answer.equals(again.get(read));
          if (now.status() != answer.status() || (stable && !now.body().equals(answer.body()))) {
            failures.add("B's " + read + " changed: was " + answer + ", now " + now);
          }
        });
    assertThat(failures).as("cross-workspace answers that were not a clean 404").isEmpty();
  }

  @Test
  void shouldLetWorkspaceBReadItsOwnObjects() {
    // the 404s above mean something only if the objects are there for B
    for (String path :
        List.of(
            "/calls/" + OBJECTS_OF_B.get("callId"),
            "/calls/" + OBJECTS_OF_B.get("callId") + "/mindmap",
            "/calls/" + OBJECTS_OF_B.get("callId") + "/insights",
            "/calls/" + OBJECTS_OF_B.get("callId") + "/transcript")) {
      Answer answer =
          probe.send("GET", "/v1/workspaces/" + workspaceB + path, bearer(tokenB), null);
      assertThat(answer.status()).as(path + ": " + answer).isEqualTo(200);
    }
  }

  private static void check(
      Operation operation, String how, String path, String pathWorkspace, List<String> failures) {
    Map<String, String> headers = new LinkedHashMap<>(bearer(tokenA));
    headers.put("Accept", "application/json, application/problem+json, text/event-stream, */*");
    byte[] body = operation.body(Map.of("confirm", pathWorkspace));
    if (operation.contentType() != null && body != null) {
      headers.put("Content-Type", operation.contentType());
    }
    Answer answer = probe.send(operation.method(), path, headers, body);
    String where = how + ": " + operation.method() + " " + path;
    boolean ownNaturalKey =
        pathWorkspace.equals(workspaceA)
            && operation.method().equals("PUT")
            && operation.pathParameters().stream()
                .filter(name -> !name.equals("workspaceId"))
                .allMatch(NATURAL_KEYS::contains);
    if (ownNaturalKey && answer.status() / 100 == 2) {
      // wrote A's own template of that name; whether B's stayed is checked at the end
    } else if (answer.status() != 404 || !answer.isProblem()) {
      failures.add(where + " answered " + answer);
    }
    String shown = answer.bodyWithoutEcho();
    for (String secret : secretsOfB()) {
      if (shown.contains(secret)) {
        failures.add(where + " showed B's " + secret + ": " + answer);
      }
    }
  }

  /** What B may read: every documented read, with B's key and B's ids, by read. */
  private static Map<String, Answer> snapshotOfB(List<Operation> operations) {
    Map<String, Answer> answers = new TreeMap<>();
    for (Operation operation : operations) {
      if (!operation.method().equals("GET")
          || operation.streams()
          || !operation.pathParameters().contains("workspaceId")) {
        continue;
      }
      String path = operation.fill(OBJECTS_OF_B::get);
      answers.put(path, probe.send("GET", path, bearer(tokenB), null));
    }
    return answers;
  }

  private static List<String> secretsOfB() {
    List<String> secrets = new ArrayList<>(OBJECTS_OF_B.values());
    secrets.remove(OBJECTS_OF_B.get("name"));
    secrets.addAll(
        List.of(
            MINDMAP_LABEL,
            INSIGHT_TEXT,
            TRANSCRIPT_TEXT,
            TEMPLATE_MARKER,
            KEY_NAME,
            INVITED_EMAIL,
            tokenB));
    return secrets;
  }

  /**
   * One object of B of every kind a path names, made through B's own routes where there are, and
   * behind the API where there are none (a call comes from ingest, its results from Kafka, a member
   * from an accepted invitation).
   */
  private static void objectsOfB(ApiKeySecret keyB) {
    OBJECTS_OF_B.put("workspaceId", workspaceB);
    String callId = api.newCall(workspaceB);
    OBJECTS_OF_B.put("callId", callId);
    FieldCipher cipher = api.bean(FieldCipher.class);
    SealedResults results = new SealedResults(cipher, workspaceB, callId);
    InsightDetected insight =
        results.insight(InsightType.ACTION_ITEM, INSIGHT_TEXT, Instant.now(), "seg-1");
    OBJECTS_OF_B.put("insightId", insight.insightId());
    producer.send(
        new TranscriptSegment(
            Ids.timeOrdered(),
            workspaceB,
            callId,
            Instant.now(),
            "seg-1",
            0,
            "spk_0",
            0,
            4_000,
            Ciphertext.of(
                cipher.encryptText(workspaceB, callId, Field.TRANSCRIPT_TEXT, TRANSCRIPT_TEXT)),
            true),
        results.mindmap(1, SealedResults.budgetMindmap()),
        results.summary(1, "Workspace B summary"),
        insight);
    Eventually.await(
        "B's insight, mindmap and transcript stored",
        () ->
            readB("/calls/" + callId + "/insights").contains(insight.insightId())
                && readB("/calls/" + callId + "/mindmap").contains(MINDMAP_LABEL)
                && readB("/calls/" + callId + "/transcript").contains("seg-1"));

    OBJECTS_OF_B.put(
        "keyId",
        createdId("/api-keys", Map.of("name", KEY_NAME, "role", "MEMBER"), "id", keyB.id()));
    OBJECTS_OF_B.put(
        "invitationId",
        createdId("/invitations", Map.of("email", INVITED_EMAIL, "role", "MEMBER"), "id", null));
    OBJECTS_OF_B.put("userId", memberOfB());
    String template = "bola-b";
    Answer put =
        probe.send(
            "PUT",
            "/v1/workspaces/" + workspaceB + "/templates/" + template,
            json(tokenB),
            ("{\"marker\":\"" + TEMPLATE_MARKER + "\"}").getBytes(StandardCharsets.UTF_8));
    assertThat(put.status()).as("B's template: " + put).isBetween(200, 204);
    OBJECTS_OF_B.put("name", template);
  }

  private static String createdId(
      String route, Map<String, String> body, String field, String fallback) {
    Answer answer =
        probe.send(
            "POST",
            "/v1/workspaces/" + workspaceB + route,
            json(tokenB),
            JSON.writeValueAsBytes(body));
    if (answer.status() == 404 && fallback != null) {
      return fallback;
    }
    assertThat(answer.status()).as("POST " + route + " as B: " + answer).isEqualTo(201);
    return JSON.readTree(answer.body()).get(field).asString();
  }

  /** A user who is B's member, as an accepted invitation leaves one. */
  private static String memberOfB() {
    String userId = "usr_bola_" + Ids.timeOrdered().replace("-", "");
    api.db()
        .sql(
            "insert into users (id, issuer, subject, email)"
                + " values (:id, 'https://issuer.example.com', :id, 'bola-b-member@example.com')")
        .bind("id", userId)
        .then()
        .block(PATIENCE);
    api.bean(WorkspaceScope.class)
        .mono(
            workspaceB,
            api.db()
                .sql(
                    "insert into members (workspace_id, user_id, role)"
                        + " values (:workspaceId, :userId, 'MEMBER')")
                .bind("workspaceId", workspaceB)
                .bind("userId", userId)
                .then())
        .block(PATIENCE);
    return userId;
  }

  private static String readB(String path) {
    Answer answer = probe.send("GET", "/v1/workspaces/" + workspaceB + path, bearer(tokenB), null);
    return answer.status() == 200 ? answer.body() : "";
  }

  private static JsonNode document() {
    Answer answer = probe.send("GET", "/v1/openapi.json", Map.of(), null);
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    return JSON.readTree(answer.body());
  }

  private static ApiKeySecret ownerKey(String workspaceId) {
    ApiKeySecret key = ApiKeySecret.generate();
    api.bean(ApiKeyRepository.class).insert(workspaceId, key, "bola", Role.OWNER).block(PATIENCE);
    return key;
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  private static Map<String, String> json(String token) {
    return Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
  }
}
