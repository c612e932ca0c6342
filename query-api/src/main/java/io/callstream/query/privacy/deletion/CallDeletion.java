package io.callstream.query.privacy.deletion;

import io.callstream.api.audit.Actor;
import io.callstream.api.audit.AuditLog;
import io.callstream.api.audit.AuditType;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.event.CallDeleted;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes calls of one workspace and everything derived from them, in one scoped transaction: the
 * call rows (foreign keys cascade to participants, the ingest ledger, audio uploads, transcript
 * segments with their blind tokens, mindmaps, insights, summaries, metrics, analysis, progress,
 * consumed and live events) and the idempotency records whose stored answer names a deleted call;
 * then, still inside the transaction, Kafka is told ({@link CallTombstones}) and the deletion
 * audited. If Kafka does not acknowledge, the transaction rolls back and nothing is deleted, so a
 * retry can finish the job; the reverse (rows gone, Kafka never told) cannot happen. Deletes, never
 * hides. Thread-safe.
 */
public final class CallDeletion {

  private static final String DELETE_CALLS =
      "delete from calls where workspace_id = :workspaceId and id = any(:callIds) returning id";

  /**
   * Replayed answers of ingest's POSTs ({@code CallCreated}, {@code TranscriptAccepted}) carry the
   * call id: after the call is gone, a retry must not be answered as if it still existed.
   */
  private static final String DELETE_IDEMPOTENCY_RECORDS =
      "delete from idempotency_keys where workspace_id = :workspaceId"
          + " and response_body is not null and exists (select 1 from unnest(:callIds) as d (id)"
          + " where position(convert_to(d.id, 'UTF8') in response_body) > 0)";

  private final DatabaseClient db;
  private final WorkspaceScope scope;
  private final AuditLog audit;
  private final CallTombstones tombstones;
  private final Clock clock;

  public CallDeletion(
      DatabaseClient db,
      WorkspaceScope scope,
      AuditLog audit,
      CallTombstones tombstones,
      Clock clock) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
    this.audit = Objects.requireNonNull(audit, "audit must not be null");
    this.tombstones = Objects.requireNonNull(tombstones, "tombstones must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
  }

  /**
   * Deletes those of {@code callIds} that {@code workspaceId} holds, and audits it: one {@code
   * CALL_DELETED} per call for a user's request, one {@code CALLS_PURGED} for the retention purge.
   *
   * @return the ids deleted: empty when the workspace held none of them (nothing is audited or
   *     published then)
   */
  public Mono<List<String>> delete(
      String workspaceId, List<String> callIds, CallDeleted.Reason reason, Actor actor) {
    Objects.requireNonNull(workspaceId, "workspaceId must not be null");
    Objects.requireNonNull(callIds, "callIds must not be null");
    Objects.requireNonNull(reason, "reason must not be null");
    Objects.requireNonNull(actor, "actor must not be null");
    if (reason == CallDeleted.Reason.WORKSPACE_ERASURE) {
      throw new IllegalArgumentException("erasure deletes the whole workspace, not its calls");
    }
    if (callIds.isEmpty()) {
      return Mono.just(List.of());
    }
    String[] ids = callIds.toArray(String[]::new);
    Mono<List<String>> work =
        db.sql(DELETE_CALLS)
            .bind("workspaceId", workspaceId)
            .bind("callIds", ids)
            .map(row -> row.get("id", String.class))
            .all()
            .collectList()
            .flatMap(
                deleted ->
                    deleted.isEmpty()
                        ? Mono.just(deleted)
                        : db.sql(DELETE_IDEMPOTENCY_RECORDS)
                            .bind("workspaceId", workspaceId)
                            .bind("callIds", deleted.toArray(String[]::new))
                            .then()
                            .then(tombstones.publish(workspaceId, deleted, reason, clock.instant()))
                            // last: the audit log locks the workspace's chain until the commit
                            .then(audit(workspaceId, deleted, reason, actor))
                            .thenReturn(deleted));
    return scope.mono(workspaceId, work);
  }

  private Mono<Void> audit(
      String workspaceId, List<String> deleted, CallDeleted.Reason reason, Actor actor) {
    if (reason == CallDeleted.Reason.RETENTION) {
      return audit.record(
          workspaceId,
          AuditType.CALLS_PURGED,
          actor,
          Map.of("count", deleted.size(), "callIds", deleted));
    }
    return Flux.fromIterable(deleted)
        .concatMap(
            callId ->
                audit.record(workspaceId, AuditType.CALL_DELETED, actor, Map.of("callId", callId)))
        .then();
  }
}
