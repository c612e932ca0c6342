package io.callstream.query.isolation;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.ApiKeyRepository;
import io.callstream.api.auth.ApiKeySecret;
import io.callstream.api.auth.Role;
import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.isolation.DocumentedOperations.Operation;
import io.callstream.query.isolation.Probe.Answer;
import io.callstream.query.testing.RunningQueryApi;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile input over the query API's routes, read from its live OpenAPI document: SQL
 * metacharacters in every path parameter, query parameter and JSON field, path traversal in ids,
 * oversized headers, paths and bodies, malformed and forged credentials, wrong content types and
 * broken JSON. Every answer is a 4xx problem (a JSON field the API takes as free text may also be
 * stored: a 2xx), never a 5xx, a hang, or another workspace's data. Prints how many inputs it
 * tried.
 */
@ExtendWith(SharedInfrastructure.class)
class HostileInputIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** SQL metacharacters and injections, as a client would type them. */
  static final List<String> SQL =
      List.of(
          "'",
          "\"",
          ";",
          "--",
          "/*",
          "*/",
          "\\",
          "\u0000",
          "' OR '1'='1",
          "1 UNION SELECT id, name FROM workspaces--",
          "'; DROP TABLE calls; --",
          "x' AND workspace_id <> 'x");

  /** Traversals, as they go on the wire (already encoded where they are encoded). */
  static final List<String> TRAVERSALS =
      List.of(
          "..",
          "../..",
          "..%2f..%2f",
          "%2e%2e%2f%2e%2e%2f",
          "%2e%2e",
          "..%5c..%5c",
          "%252e%252e%252f",
          "%c0%ae%c0%ae%2f",
          "%e2%80%a4%e2%80%a4%2f",
          "%ef%bc%8e%ef%bc%8e%2f",
          "a%2fb",
          "%00");

  private static final AtomicInteger TRIED = new AtomicInteger();

  private static RunningQueryApi api;
  private static Probe probe;
  private static List<Operation> operations;
  private static String workspaceB;
  private static String tokenB;

  private String workspaceId;
  private ApiKeySecret key;
  private final List<String> failures = new ArrayList<>();

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    api =
        RunningQueryApi.start(
            infrastructure.postgres(),
            infrastructure.kafka(),
            Map.of("callstream.query.results.group-id", "it-hostile-" + Ids.timeOrdered()));
    probe =
        Probe.of(
            URI.create(
                "http://localhost:"
                    + api.bean(Environment.class).getProperty("local.server.port")));
    Answer document = probe.send("GET", "/v1/openapi.json", Map.of(), null);
    assertThat(document.status()).as(document.toString()).isEqualTo(200);
    operations = DocumentedOperations.of(JSON.readTree(document.body()));
    workspaceB = api.newWorkspace();
    tokenB = ownerKey(workspaceB).token();
  }

  @AfterAll
  static void stop() {
    System.out.printf("HostileInputIT: %d hostile inputs tried%n", TRIED.get());
    api.close();
  }

  @BeforeEach
  void newWorkspace() {
    workspaceId = api.newWorkspace();
    key = ownerKey(workspaceId);
  }

  @Test
  void shouldAnswerSqlInEveryPathParameterWithAProblem() {
    for (Operation operation : operations) {
      if (operation.pathParameters().size() < 2 || operation.method().equals("POST")) {
        continue;
      }
      for (String parameter : operation.pathParameters()) {
        if (parameter.equals("workspaceId")) {
          continue;
        }
        for (String sql : SQL) {
          String path =
              operation.fill(
                  name ->
                      name.equals("workspaceId")
                          ? workspaceId
                          : name.equals(parameter) ? encode(sql) : "no-such-" + name);
          // a template's name is the client's choice: "--" is a valid one, stored as such
          boolean naturalKey = parameter.equals("name") && operation.method().equals("PUT");
          expect(
              operation.method() + " " + path,
              send(operation, path, bearer(), operation.body(Map.of())),
              naturalKey);
        }
      }
    }
    assertNoFailures();
  }

  @Test
  void shouldAnswerSqlInTheWorkspaceIdWithAProblem() {
    for (String sql : SQL) {
      for (String route : List.of("/calls", "/insights", "/settings", "/members", "/audit")) {
        String path = "/v1/workspaces/" + encode(sql) + route;
        expectProblem("GET " + path, probe.send("GET", path, bearer(), null));
      }
    }
    assertNoFailures();
  }

  @Test
  void shouldAnswerSqlInEveryQueryParameterWithAProblemOrNothingOfOthers() {
    JsonNode document = JSON.readTree(probe.send("GET", "/v1/openapi.json", Map.of(), null).body());
    for (Operation operation : operations) {
      if (!operation.method().equals("GET")
          || operation.streams()
          || !operation.pathParameters().contains("workspaceId")) {
        continue;
      }
      JsonNode parameters =
          document.get("paths").get(operation.path()).get("get").path("parameters");
      for (JsonNode parameter : parameters) {
        if (!parameter.path("in").asString("").equals("query")) {
          continue;
        }
        String name = parameter.get("name").asString();
        for (String sql : SQL) {
          Map<String, String> query = new LinkedHashMap<>(operation.requiredQuery());
          query.put(name, encode(sql));
          StringBuilder path = new StringBuilder(operation.fill(own()).split("\\?")[0]);
          query.forEach(
              (n, v) ->
                  path.append(path.indexOf("?") < 0 ? "?" : "&").append(n).append('=').append(v));
          // a text filter may take any text and find nothing: a 2xx, but with nothing of B's
          expect(path.toString(), probe.send("GET", path.toString(), bearer(), null), true);
        }
      }
    }
    assertNoFailures();
  }

  @Test
  void shouldAnswerSqlInEveryJsonFieldWithoutAServerError() {
    for (Operation operation : operations) {
      if (operation.bodySample() == null
          || !(operation.bodySample() instanceof ObjectNode sample)
          || operation.path().equals("/v1/workspaces/{workspaceId}")
          || !operation.pathParameters().contains("workspaceId")) {
        continue;
      }
      for (String field : sample.propertyNames()) {
        for (String sql : SQL) {
          String path = operation.fill(own());
          byte[] body = operation.body(Map.of(field, sql));
          expect(
              operation.method() + " " + path + " " + field + "=" + sql,
              send(operation, path, bearer(), body),
              true);
        }
      }
    }
    assertNoFailures();
  }

  @Test
  void shouldAnswerPathTraversalInIdsWithAProblem() {
    String callsOfB = "/v1/workspaces/" + workspaceB + "/calls";
    for (String traversal : TRAVERSALS) {
      for (String path :
          List.of(
              "/v1/workspaces/" + workspaceId + "/calls/" + traversal,
              "/v1/workspaces/" + workspaceId + "/calls/" + traversal + "/mindmap",
              "/v1/workspaces/" + workspaceId + "/calls/" + traversal + "/" + callsOfB,
              "/v1/workspaces/" + workspaceId + "/" + traversal + "/" + workspaceB + "/calls",
              "/v1/workspaces/" + traversal + "/" + workspaceB + "/calls")) {
        Answer answer =
            probe.sendRaw(
                "GET " + path + " HTTP/1.1\r\n" + "Authorization: Bearer " + key.token() + "\r\n",
                new byte[0]);
        expect("GET " + path, answer, false);
      }
    }
    assertNoFailures();
  }

  @Test
  void shouldRefuseMalformedAndForgedCredentials() {
    String token = key.token();
    String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    String claims =
        base64(
            "{\"sub\":\"intruder\",\"iss\":\"https://issuer.example.com\",\"exp\":4102444800,"
                + "\"workspace_id\":\""
                + workspaceId
                + "\",\"role\":\"OWNER\"}");
    List<String> forged =
        List.of(
            "Bearer " + token.substring(0, token.length() / 2),
            "Bearer " + token.substring(0, token.length() - 1),
            "Bearer " + "xx" + token.substring(2),
            "Bearer " + token.replaceFirst("^[a-z]+_", "zz_"),
            "Bearer cs_" + key.id() + "_" + "A".repeat(43),
            "Bearer " + tokenB,
            "Bearer " + header + "." + claims + ".",
            "Bearer " + header + "." + claims,
            "Bearer !!!not-base64!!!",
            "Bearer " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, 0, 1, 2}),
            "Bearer ",
            "Bearer",
            "Basic " + base64("admin:admin"),
            "bearer " + token + " " + token,
            "Bearer " + "a".repeat(10_000),
            "Bearer ' OR '1'='1",
            "Bearer " + token + "'--");
    for (String authorization : forged) {
      for (String route : List.of("/calls", "/api-keys")) {
        String path = "/v1/workspaces/" + workspaceId + route;
        Answer answer = probe.send("GET", path, Map.of("Authorization", authorization), null);
        expectProblem("GET " + path + " with " + shorten(authorization), answer);
      }
    }
    Answer none = probe.send("GET", "/v1/workspaces/" + workspaceId + "/calls", Map.of(), null);
    expectProblem("no credentials", none);
    assertThat(none.status()).isEqualTo(401);
    assertNoFailures();
  }

  @Test
  void shouldRefuseOversizedHeadersPathsAndBodies() {
    String calls = "/v1/workspaces/" + workspaceId + "/calls";
    Map<String, String> bigHeader = new LinkedHashMap<>(bearer());
    bigHeader.put("X-Padding", "a".repeat(64 * 1024));
    expectProblem("64 KB header", probe.send("GET", calls, bigHeader, null));
    Map<String, String> manyHeaders = new LinkedHashMap<>(bearer());
    for (int i = 0; i < 200; i++) {
      manyHeaders.put("X-Padding-" + i, "b".repeat(200));
    }
    expectProblem("200 headers of 200 bytes", probe.send("GET", calls, manyHeaders, null));
    expectProblem(
        "64 KB path", probe.send("GET", calls + "/" + "c".repeat(64 * 1024), bearer(), null));
    expectProblem(
        "64 KB query", probe.send("GET", calls + "?text=" + "d".repeat(64 * 1024), bearer(), null));
    byte[] hugeTemplate =
        ("{\"x\":\"" + "e".repeat(4 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    expectProblem(
        "4 MB template",
        probe.send(
            "PUT", "/v1/workspaces/" + workspaceId + "/templates/huge", json(), hugeTemplate));
    assertNoFailures();
  }

  @Test
  void shouldRefuseWrongContentTypesAndBrokenJson() {
    String template = "/v1/workspaces/" + workspaceId + "/templates/hostile";
    String retention = "/v1/workspaces/" + workspaceId + "/settings/retention";
    String keys = "/v1/workspaces/" + workspaceId + "/api-keys";
    Map<String, byte[]> broken = new LinkedHashMap<>();
    broken.put("empty", new byte[0]);
    broken.put("unclosed", "{\"days\": 30".getBytes(StandardCharsets.UTF_8));
    broken.put("not json", "days=30".getBytes(StandardCharsets.UTF_8));
    broken.put("array", "[30]".getBytes(StandardCharsets.UTF_8));
    broken.put(
        "deep nesting",
        ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
    broken.put(
        "deep objects",
        ("{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000)).getBytes(StandardCharsets.UTF_8));
    broken.put("huge number", "{\"days\": 1e999999}".getBytes(StandardCharsets.UTF_8));
    broken.put(
        "long number",
        ("{\"days\": " + "9".repeat(100_000) + "}").getBytes(StandardCharsets.UTF_8));
    broken.put("negative", "{\"days\": -1}".getBytes(StandardCharsets.UTF_8));
    broken.put("wrong type", "{\"days\": \"thirty\"}".getBytes(StandardCharsets.UTF_8));
    broken.put(
        "invalid utf-8",
        new byte[] {'{', '"', 'd', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'});
    broken.put(
        "nul", "{\"name\": \"a\\u0000b\", \"role\": \"MEMBER\"}".getBytes(StandardCharsets.UTF_8));
    broken.put(
        "lone surrogate",
        "{\"name\": \"\\ud800\", \"role\": \"MEMBER\"}".getBytes(StandardCharsets.UTF_8));
    broken.put(
        "duplicate keys", "{\"days\": 30, \"days\": \"x\"}".getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, byte[]> body : broken.entrySet()) {
      for (String path : List.of(retention, keys)) {
        String method = path.equals(keys) ? "POST" : "PUT";
        expect(
            body.getKey() + " to " + method + " " + path,
            probe.send(method, path, json(), body.getValue()),
            false);
      }
    }
    expectProblem(
        "deep nesting template", probe.send("PUT", template, json(), broken.get("deep nesting")));
    expectProblem(
        "invalid utf-8 template", probe.send("PUT", template, json(), broken.get("invalid utf-8")));
    byte[] valid = "{\"days\": 30}".getBytes(StandardCharsets.UTF_8);
    for (String contentType :
        List.of(
            "text/plain",
            "application/xml",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/json; charset=utf-32",
            "' OR '1'='1",
            "application/",
            "*/*")) {
      Map<String, String> headers = new LinkedHashMap<>(bearer());
      headers.put("Content-Type", contentType);
      expectProblem("Content-Type " + contentType, probe.send("PUT", retention, headers, valid));
    }
    expectProblem("no Content-Type", probe.send("PUT", retention, bearer(), valid));
    assertNoFailures();
  }

  private Answer send(Operation operation, String path, Map<String, String> headers, byte[] body) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    if (body != null && operation.contentType() != null) {
      all.put("Content-Type", operation.contentType());
    }
    all.put("Accept", "application/json, application/problem+json, */*");
    return probe.send(operation.method(), path, all, body);
  }

  private void expectProblem(String what, Answer answer) {
    expect(what, answer, false);
  }

  /** Records a failure unless {@code answer} is a 4xx problem (or, where allowed, a 2xx). */
  private void expect(String what, Answer answer, boolean mayStore) {
    TRIED.incrementAndGet();
    if (answer.status() == 0) {
      failures.add(shorten(what) + ": no answer (a hang)");
    } else if (answer.status() >= 500) {
      failures.add(shorten(what) + ": server error " + answer);
    } else if (answer.status() >= 400 && !answer.isProblem()) {
      failures.add(shorten(what) + ": not a problem " + answer);
    } else if (answer.status() < 400 && !mayStore) {
      failures.add(shorten(what) + ": accepted " + answer);
    }
    String shown = answer.bodyWithoutEcho();
    if (shown.contains(workspaceB) || shown.contains(tokenB)) {
      failures.add(shorten(what) + ": showed another workspace's data " + answer);
    }
  }

  private void assertNoFailures() {
    assertThat(failures).as("hostile inputs answered otherwise than with a 4xx problem").isEmpty();
  }

  private java.util.function.Function<String, String> own() {
    return name -> name.equals("workspaceId") ? workspaceId : "no-such-" + name;
  }

  private Map<String, String> bearer() {
    return Map.of("Authorization", "Bearer " + key.token());
  }

  private Map<String, String> json() {
    return Map.of("Authorization", "Bearer " + key.token(), "Content-Type", "application/json");
  }

  private static ApiKeySecret ownerKey(String workspaceId) {
    ApiKeySecret secret = ApiKeySecret.generate();
    api.bean(ApiKeyRepository.class)
        .insert(workspaceId, secret, "hostile", Role.OWNER)
        .block(PATIENCE);
    return secret;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String base64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String shorten(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
