package io.callstream.query.admin.keys;

import io.callstream.api.audit.Actor;
import io.callstream.api.audit.AuditLog;
import io.callstream.api.audit.AuditType;
import io.callstream.api.auth.ApiKeySecret;
import io.callstream.api.auth.Role;
import io.callstream.api.tenancy.WorkspaceScope;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * A workspace's API keys in PostgreSQL: each change runs in the workspace's scope and records its
 * audit entry in the same transaction. Thread-safe.
 */
public final class WorkspaceApiKeys {

  private final DatabaseClient db;
  private final WorkspaceScope scope;
  private final AuditLog audit;
  private final Clock clock;

  public WorkspaceApiKeys(DatabaseClient db, WorkspaceScope scope, AuditLog audit, Clock clock) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
    this.audit = Objects.requireNonNull(audit, "audit must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
  }

  /** Every key of the workspace, revoked ones too, newest first. */
  public Mono<List<ApiKeyView>> list(String workspaceId) {
    return scope.mono(
        workspaceId,
        db.sql(
                "select id, name, role, created_at, created_by, expires_at, last_used_at,"
                    + " revoked_at from api_keys where workspace_id = :workspaceId"
                    + " order by created_at desc, id")
            .bind("workspaceId", workspaceId)
            .map(
                row ->
                    new ApiKeyView(
                        row.get("id", String.class),
                        row.get("name", String.class),
                        Role.valueOf(row.get("role", String.class)).label(),
                        instant(row.get("created_at", OffsetDateTime.class)),
                        row.get("created_by", String.class),
                        instant(row.get("expires_at", OffsetDateTime.class)),
                        instant(row.get("last_used_at", OffsetDateTime.class)),
                        instant(row.get("revoked_at", OffsetDateTime.class))))
            .all()
            .collectList());
  }

  /** Creates a key; the returned token is the only copy of its secret. */
  public Mono<CreatedApiKey> create(
      String workspaceId, Actor actor, String name, Role role, @Nullable Instant expiresAt) {
    ApiKeySecret key = ApiKeySecret.generate();
    var insert =
        db.sql(
                "insert into api_keys"
                    + " (workspace_id, id, name, role, secret_hash, expires_at, created_by)"
                    + " values (:workspaceId, :id, :name, :role, :hash, :expiresAt, :createdBy)")
            .bind("workspaceId", workspaceId)
            .bind("id", key.id())
            .bind("name", name)
            .bind("role", role.name())
            .bind("hash", key.hash())
            .bind("createdBy", actor.id());
    insert =
        expiresAt == null
            ? insert.bindNull("expiresAt", Instant.class)
            : insert.bind("expiresAt", expiresAt);
    Map<String, Object> diff = new LinkedHashMap<>();
    diff.put("keyId", key.id());
    diff.put("name", name);
    diff.put("role", role.label());
    diff.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
    return scope.mono(
        workspaceId,
        insert
            .then()
            .then(audit.record(workspaceId, AuditType.API_KEY_CREATED, actor, diff))
            .thenReturn(new CreatedApiKey(key.id(), name, role.label(), key.token(), expiresAt)));
  }

  /**
   * Revokes a key at once: the next request with it is refused. True when the key exists (revoked
   * now or before), false when the workspace has no such key.
   */
  public Mono<Boolean> revoke(String workspaceId, String keyId, Actor actor) {
    Instant now = clock.instant();
    Mono<Boolean> revokedNow =
        db.sql(
                "update api_keys set revoked_at = :now where workspace_id = :workspaceId"
                    + " and id = :id and revoked_at is null")
            .bind("now", now)
            .bind("workspaceId", workspaceId)
            .bind("id", keyId)
            .fetch()
            .rowsUpdated()
            .map(rows -> rows > 0);
    Mono<Boolean> exists =
        db.sql("select 1 from api_keys where workspace_id = :workspaceId and id = :id")
            .bind("workspaceId", workspaceId)
            .bind("id", keyId)
            .map(row -> true)
            .one()
            .defaultIfEmpty(false);
    return scope.mono(
        workspaceId,
        revokedNow.flatMap(
            revoked ->
                revoked
                    ? audit
                        .record(
                            workspaceId, AuditType.API_KEY_REVOKED, actor, Map.of("keyId", keyId))
                        .thenReturn(true)
                    : exists));
  }

  private static @Nullable Instant instant(@Nullable OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
