package io.callstream.query.admin.crypto;

import io.callstream.api.audit.Actor;
import io.callstream.api.auth.Permission;
import io.callstream.api.auth.Permissions;
import io.callstream.api.auth.WorkspacePrincipal;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A workspace's data keys: rotate adds a new primary key (old data still decrypts), re-encrypt
 * moves what PostgreSQL holds under older keys to the primary one. Both need {@link
 * Permission#MANAGE_KEYS}.
 */
@RestController
public final class KeysController {

  private final KeyRotation rotation;
  private final ReEncryption reEncryption;

  KeysController(KeyRotation rotation, ReEncryption reEncryption) {
    this.rotation = rotation;
    this.reEncryption = reEncryption;
  }

  @PostMapping("/v1/workspaces/{workspaceId}/keys/rotate")
  public Mono<RotatedKey> rotate(
      @PathVariable String workspaceId,
      @AuthenticationPrincipal WorkspacePrincipal principal,
      ServerHttpRequest request) {
    return Permissions.require(principal, Permission.MANAGE_KEYS)
        .then(Mono.defer(() -> rotation.rotate(workspaceId, Actor.of(principal, request))));
  }

  /**
   * Re-encrypts synchronously and answers the counts. Processes that cached the keyset before a
   * rotation keep encrypting under the old key for up to {@code callstream.crypto.keyset-max-age}:
   * run it after that time to leave nothing behind (running it again is always safe).
   */
  @PostMapping("/v1/workspaces/{workspaceId}/keys/re-encrypt")
  public Mono<ReEncryptionReport> reEncrypt(
      @PathVariable String workspaceId,
      @AuthenticationPrincipal WorkspacePrincipal principal,
      ServerHttpRequest request) {
    return Permissions.require(principal, Permission.MANAGE_KEYS)
        .then(Mono.defer(() -> reEncryption.run(workspaceId, Actor.of(principal, request))));
  }
}
