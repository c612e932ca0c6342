package io.callstream.query.admin.crypto;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;

import io.callstream.api.auth.ApiKeyRepository;
import io.callstream.api.auth.ApiKeySecret;
import io.callstream.api.auth.Role;
import io.callstream.query.testing.RunningQueryApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.core.env.Environment;

/** Plain HTTP calls to one running query API with one workspace API key. Thread-safe. */
final class AdminClient {

  /** An answer: status, content type and body. */
  record Answer(int status, String contentType, String body) {}

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(PATIENCE).build();

  private final String base;
  private final String bearer;

  private AdminClient(String base, String bearer) {
    this.base = base;
    this.bearer = bearer;
  }

  /** A client of {@code api} with a new key of {@code role} in {@code workspaceId}. */
  static AdminClient of(RunningQueryApi api, String workspaceId, Role role) {
    ApiKeySecret key = ApiKeySecret.generate();
    api.bean(ApiKeyRepository.class).insert(workspaceId, key, "it " + role, role).block(PATIENCE);
    return new AdminClient(
        "http://localhost:" + api.bean(Environment.class).getProperty("local.server.port"),
        key.token());
  }

  /** The same key against another instance. */
  AdminClient on(RunningQueryApi api) {
    return new AdminClient(
        "http://localhost:" + api.bean(Environment.class).getProperty("local.server.port"), bearer);
  }

  /** The raw secret of the key, for checks that it never shows up. */
  String token() {
    return bearer;
  }

  Answer get(String path) {
    return send(request(path).GET());
  }

  Answer post(String path) {
    return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
  }

  Answer put(String path, String json) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  Answer delete(String path) {
    return send(request(path).DELETE());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(PATIENCE)
        .header("Authorization", "Bearer " + bearer);
  }

  private static Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
