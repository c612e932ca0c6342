package io.callstream.query.dashboard;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.ApiKeyRepository;
import io.callstream.api.auth.ApiKeySecret;
import io.callstream.api.auth.Role;
import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.testing.RunningQueryApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard as a browser loads it, over real HTTP and without a key: its page, its ES modules
 * and every module they import (WebJars included) with the content types a browser requires; the
 * settings it reads first; and {@code GET /v1/credential}, with which it signs in.
 */
@ExtendWith(SharedInfrastructure.class)
class DashboardIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** {@code import ... from '...'}, {@code export ... from '...'} and bare {@code import '...'}. */
  private static final Pattern IMPORT =
      Pattern.compile(
          "(?m)^\\s*(?:import|export)\\s[^'\";]*?\\bfrom\\s*['\"]([^'\"]+)['\"]"
              + "|^\\s*import\\s*['\"]([^'\"]+)['\"]");

  private static final String INGEST_URL = "http://localhost:18081";

  private static RunningQueryApi api;
  private static HttpClient http;
  private static URI base;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    api =
        RunningQueryApi.start(
            infrastructure.postgres(),
            infrastructure.kafka(),
            Map.of(
                "callstream.query.results.group-id",
                "it-dashboard-" + Ids.timeOrdered(),
                "callstream.dashboard.ingest-url",
                INGEST_URL));
    http = HttpClient.newBuilder().connectTimeout(PATIENCE).build();
    base =
        URI.create(
            "http://localhost:" + api.bean(Environment.class).getProperty("local.server.port"));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void shouldServeThePageWithoutAKey() {
    HttpResponse<String> page = get("/dashboard/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\"></script>");

    HttpResponse<String> bare = get("/dashboard", null);
    assertThat(bare.statusCode()).isEqualTo(301);
    assertThat(bare.headers().firstValue("Location")).hasValue("/dashboard/");

    HttpResponse<String> styles = get("/dashboard/styles.css", null);
    assertThat(styles.statusCode()).isEqualTo(200);
    assertThat(styles.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
  }

  @Test
  void shouldServeEveryImportedModuleAsJavaScriptWithoutAKey() {
    Set<URI> seen = new LinkedHashSet<>();
    Deque<URI> pending = new ArrayDeque<>();
    pending.add(base.resolve("/dashboard/app.js"));
    while (!pending.isEmpty()) {
      URI module = pending.poll();
      if (!seen.add(module)) {
        continue;
      }
      HttpResponse<String> answer = get(module.getPath(), null);
      assertThat(answer.statusCode()).as("GET %s", module.getPath()).isEqualTo(200);
      assertThat(answer.headers().firstValue("Content-Type"))
          .as("Content-Type of %s", module.getPath())
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
      Matcher imports = IMPORT.matcher(answer.body());
      while (imports.find()) {
        String specifier = imports.group(1) != null ? imports.group(1) : imports.group(2);
        assertThat(specifier)
            .as("import in %s: a browser resolves no bare names", module.getPath())
            .matches("^(\\./|\\.\\./|/).*");
        pending.add(module.resolve(specifier));
      }
    }
    assertThat(seen)
        .extracting(URI::getPath)
        .contains(
            "/dashboard/app.js",
            "/dashboard/sse.js",
            "/dashboard/mindmap.js",
            "/dashboard/upload.js",
            "/webjars/d3-hierarchy/src/index.js",
            "/webjars/d3-selection/src/index.js")
        .anySatisfy(path -> assertThat(path).startsWith("/webjars/d3-selection/src/selection/"));
  }

  @Test
  void shouldAnswerTheKeysWorkspaceAndRole() {
    String workspace = api.newWorkspace();
    ApiKeySecret key = ApiKeySecret.generate();
    api.bean(ApiKeyRepository.class)
        .insert(workspace, key, "dashboard", Role.MEMBER)
        .block(PATIENCE);

    HttpResponse<String> answer = get("/v1/credential", key.token());

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode credential = JSON.readTree(answer.body());
    assertThat(credential.get("workspaceId").asString()).isEqualTo(workspace);
    assertThat(credential.get("role").asString()).isEqualTo("MEMBER");
    assertThat(credential.get("credentialId").asString()).startsWith("key:");
  }

  @Test
  void shouldRefuseTheCredentialRouteWithoutAKey() {
    HttpResponse<String> answer = get("/v1/credential", null);
    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
  }

  @Test
  void shouldTellThePageWhereUploadsGoAndThatOidcIsOff() {
    HttpResponse<String> answer = get("/dashboard/config.json", null);
    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode config = JSON.readTree(answer.body());
    assertThat(config.get("ingestUrl").asString()).isEqualTo(INGEST_URL);
    assertThat(config.get("oidc").isNull()).as("oidc in %s", answer.body()).isTrue();
  }

  private static HttpResponse<String> get(String path, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(PATIENCE);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
