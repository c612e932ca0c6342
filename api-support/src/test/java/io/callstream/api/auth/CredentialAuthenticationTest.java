package io.callstream.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import reactor.test.StepVerifier;

class CredentialAuthenticationTest {

  @Test
  void shouldRefuseAJwtClearlyWhenSignInIsNotConfigured() {
    // the API-key check is never reached for a JWT, so it needs no database here
    var resolver =
        new CredentialAuthentication(
            new ApiKeyAuthenticationManager(null, Clock.systemUTC()), null);
    var exchange =
        MockServerWebExchange.from(MockServerHttpRequest.get("/v1/workspaces/ws_a/calls"));

    resolver
        .resolve(exchange)
        .flatMap(manager -> manager.authenticate(new BearerTokenAuthenticationToken("eyJ.a.b")))
        .as(StepVerifier::create)
        .expectErrorSatisfies(
            error -> {
              assertThat(error).isInstanceOf(RejectedCredentialException.class);
              assertThat(error.getMessage()).contains("not configured").doesNotContain("eyJ");
              assertThat(((RejectedCredentialException) error).reason())
                  .isEqualTo("JWT sign-in not configured");
            })
        .verify();
  }

  @Test
  void shouldFindTheWorkspaceOfARoute() {
    assertThat(
            WorkspacePath.workspaceId(
                MockServerWebExchange.from(
                    MockServerHttpRequest.get("/v1/workspaces/ws_a/calls/c1/mindmap"))))
        .isEqualTo("ws_a");
    assertThat(
            WorkspacePath.workspaceId(
                MockServerWebExchange.from(MockServerHttpRequest.delete("/v1/workspaces/ws_b"))))
        .isEqualTo("ws_b");
    assertThat(
            WorkspacePath.workspaceId(
                MockServerWebExchange.from(MockServerHttpRequest.get("/v1/me"))))
        .isNull();
  }
}
