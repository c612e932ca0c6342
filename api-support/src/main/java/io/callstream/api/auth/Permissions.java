package io.callstream.api.auth;

import reactor.core.publisher.Mono;

/** Checks a principal's role against a permission, in a reactive chain. */
public final class Permissions {

  private Permissions() {}

  /**
   * Completes empty when {@code principal} has {@code permission}, else fails with {@link
   * PermissionDeniedException} (403). Use as {@code Permissions.require(p, X).then(work)}.
   */
  public static Mono<Void> require(WorkspacePrincipal principal, Permission permission) {
    if (permission.grantedTo(principal.role())) {
      return Mono.empty();
    }
    return Mono.error(new PermissionDeniedException(permission, principal.role()));
  }
}
