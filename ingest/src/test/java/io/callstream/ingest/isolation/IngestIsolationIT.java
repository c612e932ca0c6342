package io.callstream.ingest.isolation;

import static io.callstream.ingest.testing.IngestFixtures.call;
import static io.callstream.ingest.testing.IngestFixtures.segment;
import static io.callstream.ingest.testing.IngestFixtures.transcript;
import static io.callstream.ingest.testing.RunningIngest.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.Role;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.ingest.testing.IngestServer;
import io.callstream.ingest.testing.RunningIngest;
import io.callstream.ingest.testing.TestWorkspace;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * Isolation and hostile input over ingest's routes, which it maps itself (it has no OpenAPI
 * document): the routes come from its annotated handler mappings, and each must have a plausible
 * request below, so that a new route fails this test until it is covered. With workspace A's Owner
 * key, every route on B's workspace, and on A's with B's call, answers a 404 problem without B's
 * data, and B's call is as before; then SQL metacharacters, traversals, oversized and forged input
 * are answered with 4xx problems, never a 5xx or a hang.
 */
@ExtendWith({SharedInfrastructure.class, IngestServer.class})
class IngestIsolationIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([^}:]+)(:[^}]*)?}");
  private static final String SECRET_TEXT = "Workspace B plans the Globex acquisition";
  private static final String NDJSON = "application/x-ndjson";

  /** A plausible request for each route: its content type and body. */
  private static final Map<String, Request> REQUESTS =
      Map.of(
          "POST /v1/workspaces/{workspaceId}/calls",
          new Request("application/json", "{\"title\":\"probe\",\"source\":\"upload\"}"),
          "POST /v1/workspaces/{workspaceId}/calls/{callId}/end",
          new Request(null, null),
          "POST /v1/workspaces/{workspaceId}/calls/{callId}/transcript",
          new Request(
              "application/json",
              "{\"segments\":[{\"speaker\":\"Ana\",\"startMs\":0,\"endMs\":900,\"text\":\"probe\"}]}"),
          "PUT /v1/workspaces/{workspaceId}/calls/{callId}/audio",
          new Request("audio/wav", "RIFF0000WAVEfmt "),
          "HEAD /v1/workspaces/{workspaceId}/calls/{callId}/audio",
          new Request(null, null),
          "POST /v1/workspaces/{workspaceId}/calls/{callId}/segments",
          new Request(
              NDJSON,
              "{\"sequence\":0,\"speaker\":\"Ana\",\"startMs\":0,\"endMs\":900,\"text\":\"probe\",\"final\":true}\n"),
          "GET /v1/workspaces/{workspaceId}/calls/{callId}/live",
          new Request(null, null),
          "GET /v1/workspaces/{workspaceId}/calls/{callId}/audio/live",
          new Request(null, null));

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
          "'; DROP TABLE calls; --");

  private static final AtomicInteger TRIED = new AtomicInteger();

  private static RunningIngest ingest;
  private static RawHttp http;
  private static TestWorkspace a;
  private static TestWorkspace b;
  private static String callOfB;
  private static String callOfA;

  private record Request(@Nullable String contentType, @Nullable String body) {}

  @BeforeAll
  static void setUp(RunningIngest running) {
    ingest = running;
    http = new RawHttp(running.baseUrl());
    a = ingest.newWorkspace(Role.OWNER);
    b = ingest.newWorkspace(Role.OWNER);
    callOfB = ingest.createCall(b, call("B's board meeting", "upload"));
    callOfA = ingest.createCall(a, call("A's call", "upload"));
    ingest
        .clientOf(b)
        .post()
        .uri(b.transcript(callOfB))
        .bodyValue(transcript(segment("Bea", 0, 2_000, SECRET_TEXT)))
        .exchange()
        .expectStatus()
        .is2xxSuccessful();
  }

  @AfterAll
  static void report() {
    System.out.printf("IngestIsolationIT: %d hostile inputs tried%n", TRIED.get());
  }

  @Test
  void shouldKnowAPlausibleRequestForEveryMappedRoute() {
    assertThat(REQUESTS.keySet())
        .as("a request for every route ingest maps (add one for a new route)")
        .containsAll(mappedRoutes());
  }

  @Test
  void shouldAnswer404WithoutDataForEveryRouteOnAnotherWorkspacesCall() {
    String before = stateOfB();
    List<String> failures = new ArrayList<>();
    for (String route : mappedRoutes()) {
      String method = route.substring(0, route.indexOf(' '));
      String template = route.substring(route.indexOf(' ') + 1);
      Request request = REQUESTS.get(route);
      // on A's own workspace only a route that names B's call aims at B (POST /calls creates A's)
      List<String> workspaces =
          template.contains("{callId}")
              ? List.of(b.workspaceId(), a.workspaceId())
              : List.of(b.workspaceId());
      for (String workspace : workspaces) {
        String path = fill(template, workspace, callOfB);
        RawHttp.Answer answer =
            http.send(method, path, headers(a.bearer(), request.contentType()), body(request));
        TRIED.incrementAndGet();
        boolean head = method.equals("HEAD");
        if (answer.status() != 404 || (!head && !answer.isProblem())) {
          failures.add(method + " " + path + " answered " + answer);
        }
        String shown = answer.bodyWithoutEcho();
        if (shown.contains(SECRET_TEXT) || shown.contains("board meeting")) {
          failures.add(method + " " + path + " showed B's data: " + answer);
        }
        // a detail may repeat the id the client sent, but must read as for a call never made
        String unknown = "01a00000-0000-7000-8000-000000000000";
        RawHttp.Answer never =
            http.send(
                method,
                fill(template, workspace, unknown),
                headers(a.bearer(), request.contentType()),
                body(request));
        if (never.status() != answer.status()
            || !never
                .bodyWithoutEcho()
                .replace(unknown, "ID")
                .equals(shown.replace(callOfB, "ID"))) {
          failures.add(
              method
                  + " "
                  + path
                  + " answered otherwise than for a call never made: "
                  + answer
                  + " / "
                  + never);
        }
      }
    }
    assertThat(failures).as("cross-workspace answers that were not a clean 404").isEmpty();
    assertThat(stateOfB()).as("B's call after A's attempts").isEqualTo(before);
  }

  @Test
  void shouldAnswerHostileInputWithProblems() {
    List<String> failures = new ArrayList<>();
    for (String route : mappedRoutes()) {
      String method = route.substring(0, route.indexOf(' '));
      String template = route.substring(route.indexOf(' ') + 1);
      Request request = REQUESTS.get(route);
      if (method.equals("HEAD") || !template.contains("{callId}")) {
        continue;
      }
      for (String sql : SQL) {
        String path = fill(template, a.workspaceId(), encode(sql));
        expectProblem(
            failures,
            method + " " + path,
            http.send(method, path, headers(a.bearer(), request.contentType()), body(request)));
      }
    }
    String calls = "/v1/workspaces/" + a.workspaceId() + "/calls";
    for (String sql : SQL) {
      String json = JSON.writeValueAsString(Map.of("title", sql, "source", sql));
      expectProblem(
          failures,
          "source=" + sql,
          http.send(
              "POST",
              calls,
              headers(a.bearer(), "application/json"),
              json.getBytes(StandardCharsets.UTF_8)));
      Map<String, String> idempotent = headers(a.bearer(), "application/json");
      idempotent.put("Idempotency-Key", sql.replace("\u0000", "%00"));
      RawHttp.Answer keyed =
          http.send(
              "POST",
              calls,
              idempotent,
              "{\"title\":\"x\",\"source\":\"upload\"}".getBytes(StandardCharsets.UTF_8));
      expect(failures, "Idempotency-Key " + sql, keyed, true);
    }
    for (String traversal :
        List.of(
            "..",
            "..%2f..%2f",
            "%2e%2e%2f",
            "%252e%252e%252f",
            "a%2fb",
            "%ef%bc%8e%ef%bc%8e%2f",
            "%00")) {
      String path = calls + "/" + traversal + "/" + b.workspaceId() + "/calls/" + callOfB + "/end";
      expectProblem(
          failures,
          "POST " + path,
          http.send("POST", path, headers(a.bearer(), null), new byte[0]));
    }
    for (String authorization :
        List.of(
            "Bearer " + a.apiKey().substring(0, 20),
            "Bearer zz" + a.apiKey().substring(2),
            "Bearer cs_" + a.keyId() + "_" + "A".repeat(43),
            "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
            "Bearer %%%garbage%%%",
            "Basic YTpi")) {
      expectProblem(
          failures,
          "Authorization " + authorization,
          http.send(
              "POST",
              calls,
              headers(authorization, "application/json"),
              "{}".getBytes(StandardCharsets.UTF_8)));
    }
    Map<String, String> big = headers(a.bearer(), "application/json");
    big.put("X-Padding", "p".repeat(64 * 1024));
    expectProblem(
        failures,
        "64 KB header",
        http.send("POST", calls, big, "{}".getBytes(StandardCharsets.UTF_8)));
    for (String contentType :
        List.of(
            "text/plain", "application/xml", "' OR '1'='1", "multipart/form-data; boundary=x")) {
      expectProblem(
          failures,
          "Content-Type " + contentType,
          http.send(
              "POST",
              calls,
              headers(a.bearer(), contentType),
              "{\"source\":\"upload\"}".getBytes(StandardCharsets.UTF_8)));
    }
    Map<String, byte[]> broken = new LinkedHashMap<>();
    broken.put("unclosed", "{\"title\":".getBytes(StandardCharsets.UTF_8));
    broken.put(
        "deep", ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8));
    broken.put(
        "invalid utf-8",
        new byte[] {
          '{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'
        });
    broken.put(
        "nul", "{\"title\":\"a\\u0000b\",\"source\":\"upload\"}".getBytes(StandardCharsets.UTF_8));
    broken.put(
        "huge number",
        "{\"title\":\"x\",\"source\":\"upload\",\"participants\":1e99999}"
            .getBytes(StandardCharsets.UTF_8));
    broken.put(
        "oversized",
        ("{\"title\":\"" + "t".repeat(8 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8));
    broken.forEach(
        (what, bytes) ->
            expectProblem(
                failures,
                what,
                http.send("POST", calls, headers(a.bearer(), "application/json"), bytes)));
    String transcriptOfA = calls + "/" + callOfA + "/transcript";
    expectProblem(
        failures,
        "nul in a transcript",
        http.send(
            "POST",
            transcriptOfA,
            headers(a.bearer(), "application/json"),
            "{\"segments\":[{\"speaker\":\"A\\u0000\",\"startMs\":0,\"endMs\":9,\"text\":\"x\"}]}"
                .getBytes(StandardCharsets.UTF_8)));
    assertThat(failures).as("hostile inputs answered otherwise than with a 4xx problem").isEmpty();
  }

  private static void expectProblem(List<String> failures, String what, RawHttp.Answer answer) {
    expect(failures, what, answer, false);
  }

  private static void expect(
      List<String> failures, String what, RawHttp.Answer answer, boolean mayStore) {
    TRIED.incrementAndGet();
    String shown = what.length() > 200 ? what.substring(0, 200) + "..." : what;
    if (answer.status() == 0 || answer.status() >= 500) {
      failures.add(shown + ": " + answer);
    } else if (answer.status() >= 400 && !answer.isProblem()) {
      failures.add(shown + ": not a problem " + answer);
    } else if (answer.status() < 400 && !mayStore) {
      failures.add(shown + ": accepted " + answer);
    }
    String body = answer.bodyWithoutEcho();
    if (body.contains(b.workspaceId()) || body.contains(callOfB) || body.contains(SECRET_TEXT)) {
      failures.add(shown + ": showed B's data " + answer);
    }
  }

  /** Every route ingest maps under {@code /v1/workspaces/}, as "METHOD template". */
  private static Set<String> mappedRoutes() {
    Set<String> routes = new TreeSet<>();
    List<HandlerMapping> mappings = ingest.bean(DispatcherHandler.class).getHandlerMappings();
    assertThat(mappings).as("the dispatcher's handler mappings").isNotNull();
    mappings.stream()
        .filter(RequestMappingInfoHandlerMapping.class::isInstance)
        .map(RequestMappingInfoHandlerMapping.class::cast)
        .flatMap(mapping -> mapping.getHandlerMethods().keySet().stream())
        .forEach(
            info -> {
              for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                String template =
                    PATH_VARIABLE.matcher(pattern.getPatternString()).replaceAll("{$1}");
                if (!template.startsWith("/v1/workspaces/")) {
                  continue;
                }
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (RequestMethod method :
                    methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                  routes.add(method.name() + " " + template);
                }
              }
            });
    // the live feed is a WebSocket handler, mapped by URL rather than by annotation
    routes.add("GET /v1/workspaces/{workspaceId}/calls/{callId}/live");
    routes.add("GET /v1/workspaces/{workspaceId}/calls/{callId}/audio/live");
    assertThat(routes).hasSizeGreaterThan(5);
    return routes;
  }

  /** B's call as the database holds it: status, duration and transcript rows. */
  private static String stateOfB() {
    return ingest
        .bean(WorkspaceScope.class)
        .mono(
            b.workspaceId(),
            ingest
                .bean(org.springframework.r2dbc.core.DatabaseClient.class)
                .sql(
                    "select c.status, c.duration_ms,"
                        + " (select count(*) from call_segments s"
                        + " where s.workspace_id = c.workspace_id and s.call_id = c.id) as segments,"
                        + " (select count(*) from audio_uploads u"
                        + " where u.workspace_id = c.workspace_id and u.call_id = c.id) as uploads"
                        + " from calls c where c.workspace_id = :workspaceId and c.id = :callId")
                .bind("workspaceId", b.workspaceId())
                .bind("callId", callOfB)
                .map(
                    row ->
                        row.get("status")
                            + "/"
                            + row.get("duration_ms")
                            + "/"
                            + row.get("segments")
                            + "/"
                            + row.get("uploads"))
                .one())
        .block(PATIENCE);
  }

  private static String fill(String template, String workspaceId, String callId) {
    Matcher variable = PATH_VARIABLE.matcher(template);
    StringBuilder path = new StringBuilder();
    while (variable.find()) {
      String name = variable.group(1);
      String value =
          switch (name) {
            case "workspaceId" -> workspaceId;
            case "callId" -> callId;
            default ->
                throw new AssertionError(
                    template + " has {" + name + "}: add an object of that kind to this test");
          };
      variable.appendReplacement(path, Matcher.quoteReplacement(value));
    }
    variable.appendTail(path);
    return path.toString();
  }

  private static Map<String, String> headers(String authorization, @Nullable String contentType) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", authorization);
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    return headers;
  }

  private static byte[] body(Request request) {
    return request.body() == null ? new byte[0] : request.body().getBytes(StandardCharsets.UTF_8);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Requests over a socket, byte for byte, with {@code Connection: close}. */
  private static final class RawHttp {

    private final URI base;

    RawHttp(URI base) {
      this.base = base;
    }

    record Answer(int status, String contentType, String body) {

      boolean isProblem() {
        return contentType.toLowerCase(Locale.ROOT).startsWith("application/problem+json")
            && body.contains("\"status\":" + status);
      }

      /** The body without a problem's {@code instance}, which echoes the path the client sent. */
      String bodyWithoutEcho() {
        try {
          if (JSON.readTree(body) instanceof tools.jackson.databind.node.ObjectNode object) {
            object.remove("instance");
            return JSON.writeValueAsString(object);
          }
        } catch (RuntimeException e) {
          // not JSON: all of it counts
        }
        return body;
      }

      @Override
      public String toString() {
        return status
            + " "
            + contentType
            + " "
            + (body.length() > 300 ? body.substring(0, 300) : body);
      }
    }

    Answer send(String method, String path, Map<String, String> headers, byte[] body) {
      StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
      head.append("Host: ").append(base.getHost()).append("\r\n");
      headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      if (method.equals("GET") && path.endsWith("/live")) {
        head.append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
            .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
      } else {
        head.append("Connection: close\r\n");
      }
      head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
      try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
        socket.setSoTimeout(60_000);
        socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().write(body);
        socket.getOutputStream().flush();
        return read(socket.getInputStream(), method.equals("HEAD"));
      } catch (java.net.SocketTimeoutException e) {
        return new Answer(0, "", "no answer within 60 s");
      } catch (java.io.IOException e) {
        return new Answer(0, "", "connection failed: " + e);
      }
    }

    private static Answer read(java.io.InputStream in, boolean head) throws java.io.IOException {
      byte[] buffer = new byte[8192];
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
      int headEnd = -1;
      int contentLength = -1;
      boolean chunked = false;
      while (true) {
        int read = in.read(buffer);
        if (read < 0) {
          break;
        }
        all.write(buffer, 0, read);
        String text = all.toString(StandardCharsets.ISO_8859_1);
        if (headEnd < 0) {
          headEnd = text.indexOf("\r\n\r\n");
          if (headEnd >= 0) {
            for (String line : text.substring(0, headEnd).split("\r\n")) {
              String lower = line.toLowerCase(Locale.ROOT);
              if (lower.startsWith("content-length:")) {
                contentLength = Integer.parseInt(line.substring(15).strip());
              } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
              }
            }
          }
        }
        if (headEnd >= 0) {
          int bodyBytes = all.size() - headEnd - 4;
          if (head
              || (contentLength >= 0 && bodyBytes >= contentLength)
              || (chunked && text.endsWith("0\r\n\r\n"))) {
            break;
          }
        }
      }
      String text = all.toString(StandardCharsets.ISO_8859_1);
      if (headEnd < 0 || !text.startsWith("HTTP/1.1 ")) {
        return new Answer(0, "", "no HTTP answer: " + text);
      }
      String contentType = "";
      for (String line : text.substring(0, headEnd).split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
          contentType = line.substring(13).strip();
        }
      }
      String body = text.substring(headEnd + 4);
      if (chunked) {
        StringBuilder joined = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
          int end = body.indexOf("\r\n", at);
          if (end < 0) {
            break;
          }
          int size = Integer.parseInt(body.substring(at, end).split(";")[0].strip(), 16);
          if (size == 0) {
            break;
          }
          joined.append(body, end + 2, Math.min(body.length(), end + 2 + size));
          at = end + 2 + size + 2;
        }
        body = joined.toString();
      }
      return new Answer(
          Integer.parseInt(text.substring(9, 12)),
          contentType,
          new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }
  }
}
