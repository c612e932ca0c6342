package io.callstream.api.auth;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Picks the check of a request's credential: an API key's against its hash, a JWT's against the
 * issuer, with the workspace of the request's route (a JWT's role is per workspace).
 */
final class CredentialAuthentication
    implements ReactiveAuthenticationManagerResolver<ServerWebExchange> {

  private final ApiKeyAuthenticationManager apiKeys;
  private final @Nullable JwtAuthenticationManager jwts;

  /**
   * @param jwts the JWT check, or null when no OIDC issuer is configured
   */
  CredentialAuthentication(
      ApiKeyAuthenticationManager apiKeys, @Nullable JwtAuthenticationManager jwts) {
    this.apiKeys = apiKeys;
    this.jwts = jwts;
  }

  @Override
  public Mono<ReactiveAuthenticationManager> resolve(ServerWebExchange exchange) {
    return Mono.just(
        authentication -> {
          if (authentication instanceof PresentedApiKey key) {
            return apiKeys.authenticate(key);
          }
          if (authentication instanceof BearerTokenAuthenticationToken bearer) {
            if (jwts == null) {
              return Mono.error(
                  RejectedCredentialException.of(
                      "JWT sign-in not configured",
                      "this service accepts workspace API keys ('Authorization: Bearer cs_...'):"
                          + " sign-in with OAuth2 tokens is not configured"
                          + " (callstream.auth.oidc.issuer-uri)",
                      null));
            }
            return jwts.authenticate(bearer.getToken(), WorkspacePath.workspaceId(exchange));
          }
          return Mono.empty();
        });
  }
}
