package io.callstream.api.auth;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Reads {@code Authorization: Bearer cs_...}; a request without one stays anonymous. */
final class BearerApiKeyConverter implements ServerAuthenticationConverter {

  private static final String BEARER = "bearer ";

  @Override
  public Mono<Authentication> convert(ServerWebExchange exchange) {
    String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Mono.empty();
    }
    return ApiKeySecret.parse(header.substring(BEARER.length()))
        .<Authentication>map(PresentedApiKey::new)
        .map(Mono::just)
        .orElseGet(
            () ->
                Mono.error(
                    new BadCredentialsException("the bearer token is not a callstream API key")));
  }
}
