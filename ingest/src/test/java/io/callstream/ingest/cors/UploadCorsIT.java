package io.callstream.ingest.cors;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.Role;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.ingest.testing.RunningIngest;
import io.callstream.ingest.testing.TestWorkspace;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * Uploads from the dashboard's page, another origin than ingest: the browser's preflight, which
 * carries no key, is answered before authentication with the headers an upload needs; a real
 * request's answer, a refusal included, carries the CORS headers; another origin is refused.
 */
@ExtendWith(SharedInfrastructure.class)
class UploadCorsIT {

  private static final String DASHBOARD = "http://localhost:18080";
  private static final String OTHER_DASHBOARD = "http://127.0.0.1:18080";

  private static RunningIngest ingest;
  private static TestWorkspace workspace;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    ingest =
        RunningIngest.start(
            infrastructure.postgres(),
            infrastructure.kafka(),
            Map.of("callstream.ingest.cors.allowed-origins", DASHBOARD + ", " + OTHER_DASHBOARD));
    workspace = ingest.newWorkspace(Role.MEMBER);
  }

  @AfterAll
  static void stop() {
    ingest.close();
  }

  @Test
  void shouldAnswerThePreflightOfAnUploadFromTheDashboard() {
    for (String origin : new String[] {DASHBOARD, OTHER_DASHBOARD}) {
      EntityExchangeResult<byte[]> answer =
          preflight(origin, HttpMethod.PUT, workspace.calls() + "/c_1/audio");

      assertThat(answer.getStatus().value()).as("preflight from %s", origin).isEqualTo(200);
      HttpHeaders headers = answer.getResponseHeaders();
      assertThat(headers.getAccessControlAllowOrigin()).isEqualTo(origin);
      assertThat(headers.getAccessControlAllowMethods()).contains(HttpMethod.PUT);
      assertThat(headers.getAccessControlAllowHeaders())
          .map(String::toLowerCase)
          .contains("authorization", "content-type", "content-range", "idempotency-key");
    }
  }

  @Test
  void shouldExposeTheUploadHeadersAndKeepCorsOnARefusal() {
    EntityExchangeResult<byte[]> refused =
        ingest
            .anonymous()
            .post()
            .uri(workspace.calls())
            .header(HttpHeaders.ORIGIN, DASHBOARD)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("title", "no key"))
            .exchange()
            .expectBody()
            .returnResult();

    assertThat(refused.getStatus().value()).isEqualTo(401);
    HttpHeaders headers = refused.getResponseHeaders();
    assertThat(headers.getAccessControlAllowOrigin()).isEqualTo(DASHBOARD);
    assertThat(headers.getAccessControlExposeHeaders())
        .map(String::toLowerCase)
        .contains("location", "upload-offset", "range");
  }

  @Test
  void shouldLetTheDashboardCreateACallCrossOrigin() {
    EntityExchangeResult<byte[]> created =
        ingest
            .clientOf(workspace)
            .post()
            .uri(workspace.calls())
            .header(HttpHeaders.ORIGIN, DASHBOARD)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("title", "From the dashboard", "source", "upload"))
            .exchange()
            .expectBody()
            .returnResult();

    assertThat(created.getStatus().value()).isEqualTo(201);
    assertThat(created.getResponseHeaders().getAccessControlAllowOrigin()).isEqualTo(DASHBOARD);
  }

  @Test
  void shouldRefuseThePreflightOfAnotherOrigin() {
    EntityExchangeResult<byte[]> refused =
        preflight("http://evil.example", HttpMethod.POST, workspace.calls());

    assertThat(refused.getStatus().value()).isEqualTo(403);
    assertThat(refused.getResponseHeaders().getAccessControlAllowOrigin()).isNull();
  }

  private static EntityExchangeResult<byte[]> preflight(
      String origin, HttpMethod method, String path) {
    return ingest
        .anonymous()
        .options()
        .uri(path)
        .header(HttpHeaders.ORIGIN, origin)
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, method.name())
        .header(
            HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization,content-type,content-range,idempotency-key")
        .exchange()
        .expectBody()
        .returnResult();
  }
}
