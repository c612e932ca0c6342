package io.callstream.query.admin.audit;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;

import io.callstream.api.auth.ApiKeyRepository;
import io.callstream.api.auth.ApiKeySecret;
import io.callstream.api.auth.Role;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.query.testing.RunningQueryApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin routes of a running query API over real HTTP, with API keys of a chosen role. Requests
 * go to 127.0.0.1, so the audit log's source IP is known. Thread-safe.
 */
public final class AdminHttp {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final RunningQueryApi api;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(PATIENCE).build();
  private final String base;

  private AdminHttp(RunningQueryApi api) {
    this.api = api;
    this.base = "http://127.0.0.1:" + api.bean(Environment.class).getProperty("local.server.port");
  }

  public static AdminHttp of(RunningQueryApi api) {
    return new AdminHttp(Objects.requireNonNull(api, "api must not be null"));
  }

  /** A new API key of {@code workspaceId} with {@code role}. */
  public ApiKeySecret newKey(String workspaceId, Role role) {
    ApiKeySecret key = ApiKeySecret.generate();
    api.bean(WorkspaceScope.class)
        .mono(
            workspaceId,
            api.bean(ApiKeyRepository.class).insert(workspaceId, key, "it-" + role, role))
        .block(PATIENCE);
    return key;
  }

  public Answer get(String workspaceId, ApiKeySecret key, String path) {
    return send(workspaceId, key, "GET", path, null, "application/json");
  }

  public Answer put(String workspaceId, ApiKeySecret key, String path, String json) {
    return send(workspaceId, key, "PUT", path, json, "application/json");
  }

  public Answer delete(String workspaceId, ApiKeySecret key, String path) {
    return send(workspaceId, key, "DELETE", path, null, "application/json");
  }

  /** Any request under {@code /v1/workspaces/{workspaceId}}. */
  public Answer send(
      String workspaceId,
      ApiKeySecret key,
      String method,
      String path,
      String body,
      String contentType) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/v1/workspaces/" + workspaceId + path))
            .header("Authorization", "Bearer " + key.token())
            .timeout(PATIENCE)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", contentType);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** An HTTP answer. */
  public record Answer(int status, String contentType, String body) {

    public JsonNode json() {
      return JSON.readTree(body);
    }

    public boolean isProblem() {
      return contentType.startsWith("application/problem+json");
    }
  }
}
