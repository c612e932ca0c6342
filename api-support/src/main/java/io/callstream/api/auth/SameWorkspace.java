package io.callstream.api.auth;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;

/**
 * Grants a {@code /v1/workspaces/{workspaceId}/**} request only to a principal of that workspace. A
 * denial answers 404, so another workspace's objects look as if they did not exist.
 */
final class SameWorkspace implements ReactiveAuthorizationManager<AuthorizationContext> {

  @Override
  public Mono<AuthorizationResult> authorize(
      Mono<Authentication> authentication, AuthorizationContext context) {
    Object workspaceId = context.getVariables().get("workspaceId");
    return authentication
        .filter(Authentication::isAuthenticated)
        .map(Authentication::getPrincipal)
        .filter(WorkspacePrincipal.class::isInstance)
        .map(WorkspacePrincipal.class::cast)
        .<AuthorizationResult>map(
            principal -> new AuthorizationDecision(principal.workspaceId().equals(workspaceId)))
        .defaultIfEmpty(new AuthorizationDecision(false));
  }
}
