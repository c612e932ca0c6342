package io.callstream.query.admin.keys;

import io.callstream.api.audit.Actor;
import io.callstream.api.auth.Permission;
import io.callstream.api.auth.Permissions;
import io.callstream.api.auth.Role;
import io.callstream.api.auth.WorkspacePrincipal;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/** A workspace's API keys: list, create (the token shown once), revoke. Owners only. */
@RestController
public final class ApiKeysController {

  static final int MAX_NAME_LENGTH = 100;

  private final WorkspaceApiKeys keys;
  private final Clock clock;

  ApiKeysController(WorkspaceApiKeys keys, ObjectProvider<Clock> clock) {
    this.keys = keys;
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  /** Every key of the workspace, revoked ones too: never a secret or hash. */
  @GetMapping("/v1/workspaces/{workspaceId}/api-keys")
  public Mono<List<ApiKeyView>> list(
      @PathVariable String workspaceId, @AuthenticationPrincipal WorkspacePrincipal principal) {
    return Permissions.require(principal, Permission.MANAGE_API_KEYS)
        .then(Mono.defer(() -> keys.list(workspaceId)));
  }

  /**
   * Creates a key with a role (at most the caller's own) and an optional expiry; the answer is the
   * only time its token is shown.
   */
  @PostMapping("/v1/workspaces/{workspaceId}/api-keys")
  public Mono<ResponseEntity<CreatedApiKey>> create(
      @PathVariable String workspaceId,
      @AuthenticationPrincipal WorkspacePrincipal principal,
      @RequestBody NewApiKey request,
      ServerHttpRequest http) {
    return Permissions.require(principal, Permission.MANAGE_API_KEYS)
        .then(
            Mono.defer(
                () -> {
                  String name = checkedName(request.name());
                  Role role =
                      Role.named(request.role() == null ? "" : request.role())
                          .orElseThrow(
                              () -> badRequest("role must be one of owner, manager, member"));
                  if (!principal.role().includes(role)) {
                    throw new ResponseStatusException(
                        HttpStatus.FORBIDDEN,
                        "a "
                            + principal.role().label()
                            + " credential cannot create a key with the "
                            + role.label()
                            + " role");
                  }
                  if (request.expiresAt() != null
                      && !request.expiresAt().isAfter(clock.instant())) {
                    throw badRequest("expiresAt must be in the future");
                  }
                  return keys.create(
                      workspaceId, Actor.of(principal, http), name, role, request.expiresAt());
                }))
        .map(
            created ->
                ResponseEntity.created(
                        URI.create("/v1/workspaces/" + workspaceId + "/api-keys/" + created.id()))
                    .body(created));
  }

  /** Revokes a key: the next request with it is refused. 204 also when it was revoked before. */
  @DeleteMapping("/v1/workspaces/{workspaceId}/api-keys/{keyId}")
  public Mono<ResponseEntity<Void>> revoke(
      @PathVariable String workspaceId,
      @PathVariable String keyId,
      @AuthenticationPrincipal WorkspacePrincipal principal,
      ServerHttpRequest http) {
    return Permissions.require(principal, Permission.MANAGE_API_KEYS)
        .then(
            Mono.defer(
                () ->
                    keys.revoke(
                        workspaceId, keyId.toLowerCase(Locale.ROOT), Actor.of(principal, http))))
        .map(
            found -> {
              if (!found) {
                throw new ResponseStatusException(
                    HttpStatus.NOT_FOUND, "no such API key in this workspace");
              }
              return ResponseEntity.noContent().<Void>build();
            });
  }

  private static String checkedName(@Nullable String name) {
    if (name == null || name.isBlank()) {
      throw badRequest("name must not be blank");
    }
    String stripped = name.strip();
    if (stripped.length() > MAX_NAME_LENGTH) {
      throw badRequest("name must be at most " + MAX_NAME_LENGTH + " characters long");
    }
    if (stripped.codePoints().anyMatch(Character::isISOControl)) {
      throw badRequest("name must not contain control characters");
    }
    // A lone surrogate (JSON "\ud800") is no character: PostgreSQL would store it mangled.
    if (stripped.codePoints().anyMatch(cp -> Character.getType(cp) == Character.SURROGATE)) {
      throw badRequest("name must be valid Unicode text");
    }
    return stripped;
  }

  private static ResponseStatusException badRequest(String detail) {
    return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
  }
}
