package io.callstream.api.auth;

import java.time.Clock;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import reactor.core.publisher.Mono;

/** Checks a presented API key against its stored hash. */
final class ApiKeyAuthenticationManager implements ReactiveAuthenticationManager {

  private final ApiKeyRepository keys;
  private final Clock clock;

  ApiKeyAuthenticationManager(ApiKeyRepository keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  @Override
  public Mono<Authentication> authenticate(Authentication authentication) {
    if (!(authentication instanceof PresentedApiKey presented)) {
      return Mono.empty();
    }
    return keys.authenticate(presented.key(), clock.instant())
        .<Authentication>map(ApiKeyAuthentication::new)
        .switchIfEmpty(
            Mono.error(new BadCredentialsException("the API key is unknown, revoked or expired")));
  }
}
