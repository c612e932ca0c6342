package io.callstream.query.openapi;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.testing.RunningQueryApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.DispatcherHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document the service generates, over real HTTP and without an API key: it equals the
 * reviewed copy committed in {@code src/main/resources/openapi/openapi.json}, and it documents
 * every workspace route the service maps. {@code -Dcallstream.openapi.write=true} rewrites the
 * copy.
 */
@ExtendWith(SharedInfrastructure.class)
class OpenApiDocumentIT {

  /** Set to {@code true} to rewrite the committed document from the served one. */
  static final String WRITE_PROPERTY = "callstream.openapi.write";

  private static final Path COMMITTED =
      Path.of("src", "main", "resources", "openapi", "openapi.json");

  /** Scheme and authority of a server URL: the port is a random one in tests. */
  private static final Pattern ORIGIN = Pattern.compile("^(https?)://[^/]+");

  private static final String NORMALIZED_ORIGIN = "$1://localhost:8080";

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private static final Set<String> PROBLEM_STATUSES = Set.of("400", "401", "403", "404");

  private static RunningQueryApi api;
  private static HttpClient http;
  private static String base;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    api =
        RunningQueryApi.start(
            infrastructure.postgres(),
            infrastructure.kafka(),
            Map.of("callstream.query.results.group-id", "it-openapi-" + Ids.timeOrdered()));
    http = HttpClient.newBuilder().connectTimeout(PATIENCE).build();
    base = "http://localhost:" + api.bean(Environment.class).getProperty("local.server.port");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void shouldServeTheCommittedDocument() throws IOException {
    JsonNode served = normalized(servedDocument());
    Path committed = committedFile();
    if (Boolean.getBoolean(WRITE_PROPERTY)) {
      Files.createDirectories(committed.getParent());
      Files.writeString(committed, JSON.writeValueAsString(served) + "\n", StandardCharsets.UTF_8);
    }
    if (!Files.exists(committed)) {
      fail("no committed OpenAPI document at " + committed + "; " + howToUpdate());
    }

    List<String> differences =
        JsonDifferences.between(
            JSON.readTree(Files.readString(committed, StandardCharsets.UTF_8)), served, 10);

    if (!differences.isEmpty()) {
      fail(
          "the served OpenAPI document differs from "
              + committed
              + " (first differences):\n  "
              + String.join("\n  ", differences)
              + "\nIf the API changed on purpose, "
              + howToUpdate()
              + ", and review the diff.");
    }
  }

  @Test
  void shouldDocumentEveryMappedRoute() {
    JsonNode paths = servedDocument().get("paths");
    Set<MappedRoutes.Route> mapped =
        MappedRoutes.under(api.bean(DispatcherHandler.class), WorkspaceRoutes.PREFIX);

    List<MappedRoutes.Route> missing = new ArrayList<>();
    for (MappedRoutes.Route route : mapped) {
      if (route.path().startsWith("/v1/openapi.json")) {
        continue; // the document itself, in its two formats
      }
      JsonNode item = paths.get(route.path());
      boolean documented =
          item != null
              && (route.method().equals("*")
                  ? !item.isEmpty()
                  : item.has(route.method().toLowerCase(Locale.ROOT)));
      if (!documented) {
        missing.add(route);
      }
    }

    assertThat(mapped)
        .as("the workspace routes the controllers map")
        .contains(
            new MappedRoutes.Route("GET", "/v1/workspaces/{workspaceId}/calls"),
            new MappedRoutes.Route("GET", "/v1/workspaces/{workspaceId}/calls/{callId}/export"));
    assertThat(missing).as("mapped routes missing from the OpenAPI document").isEmpty();
  }

  @Test
  void shouldDescribeTheApiKeyAndProblemsOnEveryWorkspaceOperation() {
    JsonNode document = servedDocument();
    JsonNode components = document.get("components");

    assertThat(document.get("info").get("title").asString()).isEqualTo(DocumentDescription.TITLE);
    assertThat(document.get("info").get("version").asString())
        .isEqualTo(DocumentDescription.VERSION);
    JsonNode scheme = components.get("securitySchemes").get(DocumentDescription.API_KEY);
    assertThat(scheme.get("type").asString()).isEqualTo("http");
    assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
    int operations = 0;
    for (var path : document.get("paths").properties()) {
      assertThat(path.getKey()).startsWith(WorkspaceRoutes.PREFIX);
      for (var operation : path.getValue().properties()) {
        String where = operation.getKey() + " " + path.getKey();
        JsonNode security = operation.getValue().get("security");
        assertThat(security).as(where).isNotNull();
        boolean workspaceRoute = path.getKey().startsWith(WorkspaceRoutes.WORKSPACE_PREFIX);
        assertThat(security.get(0).has(DocumentDescription.API_KEY))
            .as(where + " takes an API key")
            .isEqualTo(workspaceRoute);
        assertThat(security.get(workspaceRoute ? 1 : 0).has(DocumentDescription.JWT))
            .as(where + " takes an access token")
            .isTrue();
        JsonNode responses = operation.getValue().get("responses");
        for (String status : PROBLEM_STATUSES) {
          String reference = responses.get(status).get("$ref").asString();
          JsonNode response =
              components.get("responses").get(reference.substring(reference.lastIndexOf('/') + 1));
          assertThat(response.get("content").has(WorkspaceRoutes.PROBLEM_JSON))
              .as(where + " answers " + status + " with a problem")
              .isTrue();
        }
        operations++;
      }
    }
    assertThat(operations).isGreaterThanOrEqualTo(8);
    assertThat(components.get("schemas").get("Problem").get("properties").propertyNames())
        .containsExactlyInAnyOrder("type", "title", "status", "detail", "instance");
  }

  @Test
  void shouldDescribeTheExportAsAFileInEachFormat() {
    JsonNode export =
        servedDocument()
            .get("paths")
            .get("/v1/workspaces/{workspaceId}/calls/{callId}/export")
            .get("get");

    assertThat(export.get("responses").get("200").get("content").propertyNames())
        .containsExactlyInAnyOrder(
            "application/json",
            "text/markdown",
            "text/x-opml",
            "application/x-freemind",
            "text/vnd.mermaid");
    JsonNode format = null;
    for (JsonNode parameter : export.get("parameters")) {
      if (parameter.get("name").asString().equals("format")) {
        format = parameter;
      }
    }
    assertThat(format).isNotNull();
    assertThat(format.get("schema").get("enum").valueStream().map(JsonNode::asString))
        .containsExactly("json", "md", "opml", "mm", "mermaid");
  }

  /** The document as served, fetched without an API key: it is public. */
  private static JsonNode servedDocument() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/v1/openapi.json"))
            .timeout(PATIENCE)
            .GET()
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET /v1/openapi.json failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The document without what differs from run to run: the servers' host and port. */
  private static JsonNode normalized(JsonNode document) {
    JsonNode copy = document.deepCopy();
    JsonNode servers = copy.get("servers");
    if (servers != null) {
      for (JsonNode server : servers) {
        String url = server.get("url").asString();
        ((ObjectNode) server).put("url", ORIGIN.matcher(url).replaceFirst(NORMALIZED_ORIGIN));
      }
    }
    return copy;
  }

  /**
   * The committed copy in the source tree: Failsafe sets {@code basedir} to the module's directory
   * (and runs there), so a run from an IDE in the module's directory finds it too.
   */
  private static Path committedFile() {
    String basedir = System.getProperty("basedir");
    return (basedir == null ? Path.of("") : Path.of(basedir)).resolve(COMMITTED).toAbsolutePath();
  }

  private static String howToUpdate() {
    return "rewrite it with: ./mvnw -o -Dquick -pl query-api -am verify -Dit.test=OpenApiDocumentIT"
        + " -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false"
        + " -Dfailsafe.failIfNoSpecifiedTests=false -D"
        + WRITE_PROPERTY
        + "=true";
  }
}
