package io.callstream.api.auth;

import io.callstream.api.tenancy.WorkspaceScope;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * API keys in PostgreSQL. Lookup by key id is the one query not scoped by a workspace taken from
 * the request: it is how the workspace of a presented credential is found in the first place.
 */
public final class ApiKeyRepository {

  /** How stale {@code last_used_at} may be: it is written at most once a minute per key. */
  public static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

  private final DatabaseClient db;
  private final WorkspaceScope scope;

  public ApiKeyRepository(DatabaseClient db, WorkspaceScope scope) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
  }

  /** Stores a new key's hash; the secret itself is never stored. */
  public Mono<Void> insert(String workspaceId, ApiKeySecret key, String name, Role role) {
    return scope.mono(
        workspaceId,
        db.sql(
                "insert into api_keys (workspace_id, id, name, role, secret_hash) values"
                    + " (:workspaceId, :id, :name, :role, :hash)")
            .bind("workspaceId", workspaceId)
            .bind("id", key.id())
            .bind("name", name)
            .bind("role", role.name())
            .bind("hash", key.hash())
            .then());
  }

  /**
   * Finds the active (not revoked, not expired) key whose secret matches, and marks it used. The
   * key's workspace comes from {@code callstream_api_key_workspace} (V10), a SECURITY DEFINER
   * function that answers only that; the key itself is then read in the workspace's scope.
   */
  public Mono<WorkspacePrincipal> authenticate(ApiKeySecret presented, Instant now) {
    return db.sql("select callstream_api_key_workspace(:id) as workspace_id")
        .bind("id", presented.id())
        .map(row -> Optional.ofNullable(row.get("workspace_id", String.class)))
        .one()
        .flatMap(Mono::justOrEmpty)
        .flatMap(
            workspaceId ->
                scope.mono(
                    workspaceId,
                    db.sql(
                            "select workspace_id, role, secret_hash, last_used_at from api_keys"
                                + " where workspace_id = :workspaceId and id = :id"
                                + " and revoked_at is null"
                                + " and (expires_at is null or expires_at > :now)")
                        .bind("workspaceId", workspaceId)
                        .bind("id", presented.id())
                        .bind("now", now)
                        .map(
                            row ->
                                new StoredKey(
                                    row.get("workspace_id", String.class),
                                    Role.valueOf(row.get("role", String.class)),
                                    row.get("secret_hash", byte[].class),
                                    row.get("last_used_at", OffsetDateTime.class)))
                        .one()
                        .filter(stored -> presented.matches(stored.hash()))
                        .flatMap(
                            stored ->
                                markUsed(stored, presented.id(), now)
                                    .thenReturn(
                                        WorkspacePrincipal.ofKey(
                                            stored.workspaceId(),
                                            stored.role(),
                                            presented.id())))));
  }

  /**
   * Writes {@code last_used_at} only when the stored one is more than {@link #LAST_USED_PRECISION}
   * old: a key used for every request would otherwise cost a row update per request.
   */
  private Mono<Void> markUsed(StoredKey stored, String keyId, Instant now) {
    if (stored.lastUsedAt() != null
        && stored.lastUsedAt().toInstant().isAfter(now.minus(LAST_USED_PRECISION))) {
      return Mono.empty();
    }
    return db.sql(
            "update api_keys set last_used_at = :now"
                + " where workspace_id = :workspaceId and id = :id")
        .bind("now", now)
        .bind("workspaceId", stored.workspaceId())
        .bind("id", keyId)
        .then();
  }

  private record StoredKey(
      String workspaceId, Role role, byte[] hash, @Nullable OffsetDateTime lastUsedAt) {}
}
