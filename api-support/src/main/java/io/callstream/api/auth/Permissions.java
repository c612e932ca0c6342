package io.callstream.api.auth;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import reactor.core.publisher.Mono;

/** Checks a principal's role against a permission, in a reactive chain. */
public final class Permissions {

  private Permissions() {}

  /**
   * Completes empty when {@code principal} has {@code permission}, else fails with {@link
   * PermissionDeniedException} (403), which goes to the security log. Use as {@code
   * Permissions.require(p, X).then(work)}.
   */
  public static Mono<Void> require(WorkspacePrincipal principal, Permission permission) {
    if (permission.grantedTo(principal.role())) {
      return Mono.empty();
    }
    return Mono.deferContextual(
        context -> {
          ServerWebExchangeContextFilter.getExchange(context)
              .ifPresent(
                  exchange ->
                      SecurityEvents.accessDenied(
                          exchange,
                          HttpStatus.FORBIDDEN.value(),
                          principal.credentialId() + " (" + principal.role() + ")",
                          principal.workspaceId(),
                          "needs " + permission));
          return Mono.error(new PermissionDeniedException(permission, principal.role()));
        });
  }
}
