package io.callstream.api.auth;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;

/**
 * Grants the routes of a person rather than a workspace ({@code /v1/me}, accepting an invitation)
 * only to a user signed in with a JWT outside any workspace: an API key belongs to a workspace, not
 * to a person.
 */
final class SignedInUserOnly implements ReactiveAuthorizationManager<AuthorizationContext> {

  @Override
  public Mono<AuthorizationResult> authorize(
      Mono<Authentication> authentication, AuthorizationContext context) {
    return authentication
        .filter(Authentication::isAuthenticated)
        .<AuthorizationResult>map(
            given -> new AuthorizationDecision(given.getPrincipal() instanceof SignedInUser))
        .defaultIfEmpty(new AuthorizationDecision(false));
  }
}
