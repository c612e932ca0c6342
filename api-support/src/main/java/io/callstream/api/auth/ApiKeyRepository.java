package io.callstream.api.auth;

import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * API keys in PostgreSQL. Lookup by key id is the one query not scoped by a workspace taken from
 * the request: it is how the workspace of a presented credential is found in the first place.
 */
public final class ApiKeyRepository {

  private final DatabaseClient db;

  public ApiKeyRepository(DatabaseClient db) {
    this.db = db;
  }

  /** Stores a new key's hash; the secret itself is never stored. */
  public Mono<Void> insert(String workspaceId, ApiKeySecret key, String name, Role role) {
    return db.sql(
            "insert into api_keys (workspace_id, id, name, role, secret_hash) values"
                + " (:workspaceId, :id, :name, :role, :hash)")
        .bind("workspaceId", workspaceId)
        .bind("id", key.id())
        .bind("name", name)
        .bind("role", role.name())
        .bind("hash", key.hash())
        .then();
  }

  /** Finds the active (not revoked, not expired) key whose secret matches, and marks it used. */
  public Mono<WorkspacePrincipal> authenticate(ApiKeySecret presented, Instant now) {
    return db.sql(
            "select workspace_id, role, secret_hash from api_keys where id = :id"
                + " and revoked_at is null and (expires_at is null or expires_at > :now)")
        .bind("id", presented.id())
        .bind("now", now)
        .map(
            row ->
                new StoredKey(
                    row.get("workspace_id", String.class),
                    Role.valueOf(row.get("role", String.class)),
                    row.get("secret_hash", byte[].class)))
        .one()
        .filter(stored -> presented.matches(stored.hash()))
        .flatMap(
            stored ->
                db.sql(
                        "update api_keys set last_used_at = :now"
                            + " where workspace_id = :workspaceId and id = :id")
                    .bind("now", now)
                    .bind("workspaceId", stored.workspaceId())
                    .bind("id", presented.id())
                    .then()
                    .thenReturn(
                        new WorkspacePrincipal(
                            stored.workspaceId(), stored.role(), presented.id())));
  }

  private record StoredKey(String workspaceId, Role role, byte[] hash) {}
}
