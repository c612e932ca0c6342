package io.callstream.query.admin;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;

import io.callstream.api.auth.ApiKeyRepository;
import io.callstream.api.auth.ApiKeySecret;
import io.callstream.api.auth.Role;
import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.query.testing.RunningQueryApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A query API whose users sign in at a real OIDC issuer in the test JVM (mock-oauth2-server signs
 * real RS256 tokens and serves its JWKS), with helpers to make workspaces, keys and members and to
 * call the API over HTTP. The caller closes it.
 */
public final class AdminApi implements AutoCloseable {

  /** The audience the service accepts. */
  public static final String AUDIENCE = "callstream-api";

  /** The issuer id of the mock server whose tokens the service trusts. */
  public static final String ISSUER_ID = "callstream-it";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final MockOAuth2Server oidc;
  private final RunningQueryApi api;
  private final HttpClient http;
  private final String base;

  private AdminApi(MockOAuth2Server oidc, RunningQueryApi api) {
    this.oidc = oidc;
    this.api = api;
    this.http = HttpClient.newBuilder().connectTimeout(PATIENCE).build();
    this.base = "http://localhost:" + api.bean(Environment.class).getProperty("local.server.port");
  }

  public static AdminApi start(Infrastructure infrastructure) {
    MockOAuth2Server oidc = new MockOAuth2Server();
    oidc.start();
    RunningQueryApi api =
        RunningQueryApi.start(
            infrastructure.postgres(),
            infrastructure.kafka(),
            Map.of(
                "callstream.query.results.group-id",
                "it-admin-" + Ids.timeOrdered(),
                "callstream.auth.oidc.issuer-uri",
                oidc.issuerUrl(ISSUER_ID).toString(),
                "callstream.auth.oidc.jwks-uri",
                oidc.jwksUrl(ISSUER_ID).toString(),
                "callstream.auth.oidc.audience",
                AUDIENCE));
    return new AdminApi(oidc, api);
  }

  public RunningQueryApi service() {
    return api;
  }

  public MockOAuth2Server oidc() {
    return oidc;
  }

  public String issuer() {
    return oidc.issuerUrl(ISSUER_ID).toString();
  }

  /** A new workspace with nothing in it. */
  public String newWorkspace() {
    return api.newWorkspace();
  }

  /** A new API key of {@code workspaceId} with {@code role}, straight into the database. */
  public String newKey(String workspaceId, Role role) {
    ApiKeySecret key = ApiKeySecret.generate();
    api.bean(ApiKeyRepository.class).insert(workspaceId, key, "it " + role, role).block(PATIENCE);
    return key.token();
  }

  /** A valid token of the trusted issuer for {@code subject}, issued now, valid for an hour. */
  public String token(String subject, String email) {
    return token(subject, Map.of("email", email));
  }

  /** A valid token with extra {@code claims} (which may replace {@code iat}, {@code iss}, ...). */
  public String token(String subject, Map<String, Object> claims) {
    return oidc.issueToken(ISSUER_ID, subject, AUDIENCE, claims, 3600).serialize();
  }

  /**
   * A signed-in user who is a member of {@code workspaceId} with {@code role}, made the real way:
   * invited with {@code ownerKey}, accepted with their token. Returns that token.
   */
  public String member(String workspaceId, String ownerKey, String subject, Role role) {
    String email = subject + "@example.com";
    String token = token(subject, email);
    String invitation = invite(workspaceId, ownerKey, email, role);
    Answer accepted = send("POST", "/v1/invitations/accept", token, Map.of("token", invitation));
    if (accepted.status() != 200) {
      throw new IllegalStateException("accepting an invitation failed: " + accepted);
    }
    return token;
  }

  /** Invites {@code email} with {@code role}; returns the invitation's token. */
  public String invite(String workspaceId, String ownerKey, String email, Role role) {
    Answer invited =
        send(
            "POST",
            "/v1/workspaces/" + workspaceId + "/invitations",
            ownerKey,
            Map.of("email", email, "role", role.label()));
    if (invited.status() != 201) {
      throw new IllegalStateException("inviting failed: " + invited);
    }
    return invited.json().get("token").asString();
  }

  /** The user id the service knows {@code token}'s user by. */
  public String userId(String token) {
    return send("GET", "/v1/me", token, null).json().get("userId").asString();
  }

  /** Sends a request with {@code Authorization: Bearer token} and, if given, a JSON body. */
  public Answer send(String method, String path, @Nullable String token, @Nullable Object body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(PATIENCE);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new IllegalStateException("the request failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    api.close();
    oidc.shutdown();
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
