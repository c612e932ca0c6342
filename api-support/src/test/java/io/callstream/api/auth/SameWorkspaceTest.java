package io.callstream.api.auth;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class SameWorkspaceTest {

  private static final String WORKSPACE = "ws_acme";

  private final SameWorkspace sameWorkspace = new SameWorkspace();

  @Test
  void shouldGrantPrincipalOfTheWorkspaceInThePath() {
    sameWorkspace
        .authorize(Mono.just(keyOf(WORKSPACE)), contextFor(WORKSPACE))
        .map(AuthorizationResult::isGranted)
        .as(StepVerifier::create)
        .expectNext(true)
        .verifyComplete();
  }

  @Test
  void shouldDenyPrincipalOfAnotherWorkspace() {
    sameWorkspace
        .authorize(Mono.just(keyOf("ws_globex")), contextFor(WORKSPACE))
        .map(AuthorizationResult::isGranted)
        .as(StepVerifier::create)
        .expectNext(false)
        .verifyComplete();
  }

  @Test
  void shouldDenyAnonymousRequest() {
    sameWorkspace
        .authorize(Mono.empty(), contextFor(WORKSPACE))
        .map(AuthorizationResult::isGranted)
        .as(StepVerifier::create)
        .expectNext(false)
        .verifyComplete();
  }

  @Test
  void shouldDenyAuthenticationThatNamesNoWorkspace() {
    Authentication user = new TestingAuthenticationToken(WORKSPACE, "", "ROLE_OWNER");
    user.setAuthenticated(true);

    sameWorkspace
        .authorize(Mono.just(user), contextFor(WORKSPACE))
        .map(AuthorizationResult::isGranted)
        .as(StepVerifier::create)
        .expectNext(false)
        .verifyComplete();
  }

  @Test
  void shouldDenyKeyThatIsNotYetChecked() {
    Authentication presented = new PresentedApiKey(ApiKeySecret.generate());

    sameWorkspace
        .authorize(Mono.just(presented), contextFor(WORKSPACE))
        .map(AuthorizationResult::isGranted)
        .as(StepVerifier::create)
        .expectNext(false)
        .verifyComplete();
  }

  private static Authentication keyOf(String workspaceId) {
    return new WorkspaceAuthentication(WorkspacePrincipal.ofKey(workspaceId, Role.MEMBER, "key1"));
  }

  private static AuthorizationContext contextFor(String workspaceId) {
    var exchange =
        MockServerWebExchange.from(
            MockServerHttpRequest.post("/v1/workspaces/" + workspaceId + "/calls"));
    return new AuthorizationContext(exchange, Map.of("workspaceId", workspaceId));
  }
}
