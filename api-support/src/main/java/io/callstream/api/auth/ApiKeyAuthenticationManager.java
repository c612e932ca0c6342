package io.callstream.api.auth;

import java.time.Clock;
import org.springframework.security.core.Authentication;
import reactor.core.publisher.Mono;

/** Checks a presented API key against its stored hash. */
final class ApiKeyAuthenticationManager {

  private final ApiKeyRepository keys;
  private final Clock clock;

  ApiKeyAuthenticationManager(ApiKeyRepository keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  Mono<Authentication> authenticate(PresentedApiKey presented) {
    return keys.authenticate(presented.key(), clock.instant())
        .<Authentication>map(WorkspaceAuthentication::new)
        .switchIfEmpty(
            Mono.error(
                () ->
                    RejectedCredentialException.of(
                        "unknown, revoked or expired API key",
                        "the API key is unknown, revoked or expired",
                        "key:" + presented.key().id())));
  }
}
