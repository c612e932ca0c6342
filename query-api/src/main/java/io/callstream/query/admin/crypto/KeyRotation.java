package io.callstream.query.admin.crypto;

import io.callstream.api.audit.Actor;
import io.callstream.api.audit.AuditLog;
import io.callstream.api.audit.AuditType;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.crypto.WorkspaceKeyring;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Adds a new primary key to a workspace's keyset and audits it ({@code KEYS_ROTATED}, with the new
 * key's id). Old keys stay in the keyset: data already in PostgreSQL until {@link ReEncryption}
 * moves it, and data on Kafka for good, since Kafka records cannot be rewritten.
 *
 * <p>The keyset store is not transactional: the keyset is rotated first and the audit entry written
 * after it, in the workspace's scope; if that write fails the rotation stands unaudited, which is
 * harmless (a rotation loses no data) and shows as a failed request. Thread-safe.
 */
final class KeyRotation {

  private final WorkspaceKeyring keyring;
  private final WorkspaceScope scope;
  private final AuditLog audit;

  KeyRotation(WorkspaceKeyring keyring, WorkspaceScope scope, AuditLog audit) {
    this.keyring = Objects.requireNonNull(keyring, "keyring must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
    this.audit = Objects.requireNonNull(audit, "audit must not be null");
  }

  /** Rotates the keys of {@code workspaceId}; a workspace that never encrypted anything is 409. */
  Mono<RotatedKey> rotate(String workspaceId, Actor actor) {
    // Reads and writes keyset files (with a KMS, a remote call): never on an event loop.
    Mono<Integer> rotated =
        Mono.fromCallable(() -> rotateKeyset(workspaceId)).subscribeOn(Schedulers.boundedElastic());
    return scope.mono(
        workspaceId,
        rotated.flatMap(
            keyId ->
                audit
                    .record(workspaceId, AuditType.KEYS_ROTATED, actor, Map.of("keyId", keyId))
                    .thenReturn(new RotatedKey(workspaceId, keyId))));
  }

  private int rotateKeyset(String workspaceId) {
    if (!keyring.exists(workspaceId)) {
      throw new ResponseStatusException(
          HttpStatus.CONFLICT, "the workspace has no keys to rotate yet: it has stored no data");
    }
    return keyring.rotate(workspaceId);
  }
}
