package io.callstream.api.auth;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads the one credential of a request, {@code Authorization: Bearer ...}: a token of our API-key
 * shape ({@code cs_...}) is an API key, anything else a JWT. A request without one stays anonymous.
 */
final class BearerCredentialConverter implements ServerAuthenticationConverter {

  private static final String BEARER = "bearer ";
  private static final String API_KEY_PREFIX = "cs_";

  @Override
  public Mono<Authentication> convert(ServerWebExchange exchange) {
    String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Mono.empty();
    }
    String token = header.substring(BEARER.length()).strip();
    if (token.isEmpty()) {
      return Mono.error(
          RejectedCredentialException.of("empty bearer token", "the bearer token is empty", null));
    }
    if (token.startsWith(API_KEY_PREFIX)) {
      return ApiKeySecret.parse(token)
          .<Authentication>map(PresentedApiKey::new)
          .map(Mono::just)
          .orElseGet(
              () ->
                  Mono.error(
                      RejectedCredentialException.of(
                          "malformed API key",
                          "the bearer token starts like a callstream API key but is not one",
                          null)));
    }
    return Mono.just(new BearerTokenAuthenticationToken(token));
  }
}
