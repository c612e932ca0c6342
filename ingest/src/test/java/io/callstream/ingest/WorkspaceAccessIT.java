package io.callstream.ingest;

import static io.callstream.ingest.testing.IngestFixtures.call;
import static io.callstream.ingest.testing.IngestFixtures.segment;
import static io.callstream.ingest.testing.IngestFixtures.transcript;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.ApiKeySecret;
import io.callstream.api.auth.Role;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.ingest.testing.IngestServer;
import io.callstream.ingest.testing.RunningIngest;
import io.callstream.ingest.testing.TestWorkspace;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;

/** Who may call what: API keys, workspaces, and the open health endpoint. */
@ExtendWith({SharedInfrastructure.class, IngestServer.class})
class WorkspaceAccessIT {

  private static RunningIngest ingest;
  private static TestWorkspace acme;
  private static TestWorkspace globex;

  @BeforeAll
  static void setUp(RunningIngest running) {
    ingest = running;
    acme = ingest.newWorkspace(Role.MEMBER);
    globex = ingest.newWorkspace(Role.OWNER);
  }

  @Test
  void shouldConnectAsTheApplicationRoleWhichSeesNoRowOutsideAScope() {
    DatabaseClient service = ingest.bean(DatabaseClient.class);

    String user =
        service
            .sql("select current_user as name")
            .map(row -> row.get("name", String.class))
            .one()
            .block(RunningIngest.PATIENCE);
    Long keysSeen =
        service
            .sql("select count(*) as keys from api_keys where workspace_id = :ws")
            .bind("ws", acme.workspaceId())
            .map(row -> row.get("keys", Long.class))
            .one()
            .block(RunningIngest.PATIENCE);

    assertThat(user).isEqualTo(SharedInfrastructure.infrastructure().applicationPostgres().user());
    assertThat(keysSeen).isZero();
  }

  @Test
  void shouldAnswer401ProblemWithoutAuthorization() {
    createCallAs(ingest.anonymous(), acme)
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader()
        .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(401)
        .jsonPath("$.title")
        .isEqualTo("Unauthorized");
  }

  @Test
  void shouldAnswer401ForBearerTokenThatIsNotAnApiKey() {
    createCallAs(withAuthorization("Bearer not-a-callstream-key"), acme)
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void shouldAnswer401ForOtherAuthorizationScheme() {
    createCallAs(withAuthorization("Basic dXNlcjpwYXNzd29yZA=="), acme)
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void shouldAnswer401ForKeyThatWasNeverIssued() {
    createCallAs(withAuthorization("Bearer " + ApiKeySecret.generate().token()), acme)
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(401);
  }

  @Test
  void shouldAnswer401ForIssuedKeyIdWithAnotherSecret() {
    String forged =
        "Bearer " + new ApiKeySecret(acme.keyId(), ApiKeySecret.generate().secret()).token();

    createCallAs(withAuthorization(forged), acme)
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void shouldAnswer401ForRevokedKey() {
    TestWorkspace revoked = ingest.newWorkspace(Role.OWNER);
    ingest
        .db()
        .sql("update api_keys set revoked_at = now() where workspace_id = :ws and id = :id")
        .bind("ws", revoked.workspaceId())
        .bind("id", revoked.keyId())
        .fetch()
        .rowsUpdated()
        .as(StepVerifier::create)
        .expectNext(1L)
        .verifyComplete();

    createCallAs(ingest.clientOf(revoked), revoked)
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void shouldRecordWhenAKeyWasLastUsed() {
    Instant before = Instant.now().minusSeconds(60);
    createCallAs(ingest.clientOf(acme), acme).expectStatus().isCreated();

    ingest
        .db()
        .sql("select last_used_at from api_keys where workspace_id = :ws and id = :id")
        .bind("ws", acme.workspaceId())
        .bind("id", acme.keyId())
        .map(row -> row.get("last_used_at", Instant.class))
        .one()
        .as(StepVerifier::create)
        .assertNext(lastUsed -> assertThat(lastUsed).isAfter(before))
        .verifyComplete();
  }

  @Test
  void shouldAnswer404ProblemWithNoDataForAnotherWorkspacesPath() {
    String globexCall = ingest.createCall(globex, call("Globex board meeting", "upload"));

    ingest
        .clientOf(acme)
        .post()
        .uri(globex.transcript(globexCall))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(transcript(segment("Mallory", 0, 1_000, "Injected line")))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody(String.class)
        .value(
            body ->
                assertThat(body)
                    .doesNotContain("Globex board meeting")
                    .doesNotContain("callId")
                    .contains("\"status\":404"));
  }

  @Test
  void shouldNotCreateCallInAnotherWorkspace() {
    TestWorkspace untouched = ingest.newWorkspace(Role.OWNER);

    createCallAs(ingest.clientOf(acme), untouched)
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.callId")
        .doesNotExist();

    ingest
        .db()
        .sql("select count(*) as calls from calls where workspace_id = :ws")
        .bind("ws", untouched.workspaceId())
        .map(row -> row.get("calls", Long.class))
        .one()
        .as(StepVerifier::create)
        .expectNext(0L)
        .verifyComplete();
  }

  @Test
  void shouldAnswerAnotherWorkspaceAsIfItDidNotExist() {
    TestWorkspace nowhere = new TestWorkspace("ws_does_not_exist", acme.apiKey(), acme.keyId());

    Map<String, Object> forExisting = problemOf(createCallAs(ingest.clientOf(acme), globex));
    Map<String, Object> forMissing = problemOf(createCallAs(ingest.clientOf(acme), nowhere));

    assertThat(forExisting).containsEntry("status", 404);
    assertThat(forExisting)
        .usingRecursiveComparison()
        .ignoringFields("instance")
        .isEqualTo(forMissing);
  }

  @Test
  void shouldAnswer401NotAnythingElseForAnotherWorkspaceWithoutKey() {
    createCallAs(ingest.anonymous(), globex).expectStatus().isUnauthorized();
  }

  @Test
  void shouldAnswerHealthWithoutKey() {
    ingest
        .anonymous()
        .get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP");
  }

  private static WebTestClient.ResponseSpec createCallAs(
      WebTestClient client, TestWorkspace workspace) {
    return client
        .post()
        .uri(workspace.calls())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(call("Access check", "upload"))
        .exchange();
  }

  private static WebTestClient withAuthorization(String authorization) {
    return ingest
        .anonymous()
        .mutate()
        .defaultHeader(HttpHeaders.AUTHORIZATION, authorization)
        .build();
  }

  private static Map<String, Object> problemOf(WebTestClient.ResponseSpec response) {
    return response
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
        .returnResult()
        .getResponseBody();
  }
}
