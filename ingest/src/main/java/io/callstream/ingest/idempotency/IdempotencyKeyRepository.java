package io.callstream.ingest.idempotency;

import io.callstream.api.tenancy.WorkspaceScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Idempotency keys in PostgreSQL, one row per workspace and key. Every statement but the expiry
 * sweep runs in the workspace's {@link WorkspaceScope} and names the workspace; the sweep goes
 * through a SECURITY DEFINER function ({@code callstream_delete_expired_idempotency_keys}, V10).
 *
 * <p>A request claims its key with one statement that inserts the row, or takes over a row whose
 * key expired or whose holder's lease ran out; the primary key makes two claims of one key race
 * safely, so exactly one of them runs. Only the holder of the claim (by its claim id) may complete
 * or release the row, so a holder that outlived its lease cannot overwrite its successor.
 * Thread-safe.
 */
public final class IdempotencyKeyRepository {

  private static final TypeReference<LinkedHashMap<String, List<String>>> HEADERS =
      new TypeReference<>() {};

  private final DatabaseClient db;
  private final WorkspaceScope scope;
  private final JsonMapper json;
  private final Clock clock;

  public IdempotencyKeyRepository(
      DatabaseClient db, WorkspaceScope scope, JsonMapper json, Clock clock) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
    this.json = Objects.requireNonNull(json, "json must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
  }

  /**
   * Claims {@code key} for a request with {@code fingerprint}: true if the caller now holds it and
   * runs the request, false if another request holds it or completed it.
   *
   * @param claimId names this claim; completing and releasing need it
   * @param ttl how long the key lives from now
   * @param lease how long the claim holds before another request may take it over
   */
  public Mono<Boolean> claim(
      String workspaceId,
      IdempotencyKey key,
      RequestFingerprint fingerprint,
      UUID claimId,
      Duration ttl,
      Duration lease) {
    Instant now = clock.instant();
    return db.sql(
            """
            insert into idempotency_keys (workspace_id, idempotency_key, fingerprint, state,
                claim_id, created_at, lease_expires_at, expires_at)
            values (:workspaceId, :key, :fingerprint, 'in_progress',
                :claimId, :now, :leaseExpiresAt, :expiresAt)
            on conflict (workspace_id, idempotency_key) do update
            set fingerprint = excluded.fingerprint, state = 'in_progress',
                claim_id = excluded.claim_id, response_status = null, response_headers = null,
                response_body = null, created_at = excluded.created_at,
                lease_expires_at = excluded.lease_expires_at, expires_at = excluded.expires_at
            where idempotency_keys.expires_at <= excluded.created_at
               or (idempotency_keys.state = 'in_progress'
                   and idempotency_keys.lease_expires_at <= excluded.created_at)
            """)
        .bind("workspaceId", workspaceId)
        .bind("key", key.value())
        .bind("fingerprint", fingerprint.toBytes())
        .bind("claimId", claimId)
        .bind("now", now)
        .bind("leaseExpiresAt", now.plus(lease))
        .bind("expiresAt", now.plus(ttl))
        .fetch()
        .rowsUpdated()
        .map(rows -> rows == 1)
        .as(claim -> scope.mono(workspaceId, claim));
  }

  /** What is stored for {@code key}; empty if nothing is, or only an expired key. */
  public Mono<KeyState> find(String workspaceId, IdempotencyKey key) {
    return db.sql(
            """
            select state, fingerprint, response_status, response_headers::text as headers,
                response_body
            from idempotency_keys
            where workspace_id = :workspaceId and idempotency_key = :key and expires_at > :now
            """)
        .bind("workspaceId", workspaceId)
        .bind("key", key.value())
        .bind("now", clock.instant())
        .map(
            row ->
                state(
                    row.get("state", String.class),
                    row.get("fingerprint", byte[].class),
                    row.get("response_status", Integer.class),
                    row.get("headers", String.class),
                    row.get("response_body", byte[].class)))
        .one()
        .as(found -> scope.mono(workspaceId, found));
  }

  /**
   * Stores the answer of the request that holds {@code claimId}; false if it no longer holds the
   * key (its lease ran out and another request took it over).
   */
  public Mono<Boolean> complete(
      String workspaceId, IdempotencyKey key, UUID claimId, StoredResponse response) {
    byte[] body = response.body();
    var statement =
        db.sql(
                """
                update idempotency_keys
                set state = 'completed', response_status = :status,
                    response_headers = cast(:headers as jsonb), response_body = :body
                where workspace_id = :workspaceId and idempotency_key = :key
                  and claim_id = :claimId and state = 'in_progress'
                """)
            .bind("workspaceId", workspaceId)
            .bind("key", key.value())
            .bind("claimId", claimId)
            .bind("status", response.status())
            .bind("headers", json.writeValueAsString(response.headers()));
    statement =
        body == null ? statement.bindNull("body", byte[].class) : statement.bind("body", body);
    return scope.mono(workspaceId, statement.fetch().rowsUpdated().map(rows -> rows == 1));
  }

  /** Gives up the claim, so that a retry with the key runs; false if it was not held. */
  public Mono<Boolean> release(String workspaceId, IdempotencyKey key, UUID claimId) {
    return db.sql(
            """
            delete from idempotency_keys
            where workspace_id = :workspaceId and idempotency_key = :key
              and claim_id = :claimId and state = 'in_progress'
            """)
        .bind("workspaceId", workspaceId)
        .bind("key", key.value())
        .bind("claimId", claimId)
        .fetch()
        .rowsUpdated()
        .map(rows -> rows == 1)
        .as(released -> scope.mono(workspaceId, released));
  }

  /**
   * Deletes the keys whose time is up, in every workspace: housekeeping on behalf of all of them,
   * not a request of one, so it calls a SECURITY DEFINER function that deletes exactly that and
   * answers how many rows went.
   */
  public Mono<Long> deleteExpired() {
    return db.sql("select callstream_delete_expired_idempotency_keys(:now) as deleted")
        .bind("now", clock.instant())
        .map(row -> Objects.requireNonNull(row.get("deleted", Long.class)))
        .one();
  }

  private KeyState state(
      @Nullable String state,
      byte @Nullable [] fingerprint,
      @Nullable Integer status,
      @Nullable String headers,
      byte @Nullable [] body) {
    RequestFingerprint stored =
        RequestFingerprint.fromBytes(Objects.requireNonNull(fingerprint, "fingerprint"));
    if ("in_progress".equals(state)) {
      return new KeyState.InProgress(stored);
    }
    Map<String, List<String>> headerValues =
        headers == null ? Map.of() : json.readValue(headers, HEADERS);
    return new KeyState.Completed(
        stored,
        new StoredResponse(Objects.requireNonNull(status, "response_status"), headerValues, body));
  }
}
