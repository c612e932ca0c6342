package io.callstream.query.privacy.erasure;

import io.callstream.api.audit.Actor;
import io.callstream.api.audit.AuditLog;
import io.callstream.api.audit.AuditType;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.crypto.SearchKeyring;
import io.callstream.core.crypto.WorkspaceKeyring;
import io.callstream.core.event.CallDeleted;
import io.callstream.query.privacy.deletion.CallTombstones;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Erases a workspace, in one scoped transaction: deletes the workspace row, whose foreign keys
 * cascade to every row of the workspace (calls and everything derived from them, members,
 * invitations, API keys, templates, integrations, idempotency records), writes tombstones for all
 * its calls on the compacted topics, destroys its encryption and search keysets and records {@code
 * ERASURE_REQUESTED} (no content). The audit log has no foreign key and stays.
 *
 * <p>The keysets go before the commit: if the commit then fails, the rows are left unreadable
 * rather than readable, and a retry finishes the deletion. Other processes (ingest, the Flink job)
 * drop their cached keys when they evict the workspace; until then their copies in memory are the
 * only ones left. Thread-safe.
 */
public final class WorkspaceErasure {

  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceErasure.class);

  /** Calls per batch of tombstones, so a large workspace is not one huge list of records. */
  private static final int TOMBSTONE_BATCH = 500;

  private final DatabaseClient db;
  private final WorkspaceScope scope;
  private final AuditLog audit;
  private final CallTombstones tombstones;
  private final WorkspaceKeyring keyring;
  private final SearchKeyring searchKeyring;
  private final Clock clock;

  public WorkspaceErasure(
      DatabaseClient db,
      WorkspaceScope scope,
      AuditLog audit,
      CallTombstones tombstones,
      WorkspaceKeyring keyring,
      SearchKeyring searchKeyring,
      Clock clock) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
    this.audit = Objects.requireNonNull(audit, "audit must not be null");
    this.tombstones = Objects.requireNonNull(tombstones, "tombstones must not be null");
    this.keyring = Objects.requireNonNull(keyring, "keyring must not be null");
    this.searchKeyring = Objects.requireNonNull(searchKeyring, "searchKeyring must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
  }

  /** Erases {@code workspaceId}; completes once it is gone, its keys included. */
  public Mono<Void> erase(String workspaceId, Actor actor) {
    Objects.requireNonNull(workspaceId, "workspaceId must not be null");
    Objects.requireNonNull(actor, "actor must not be null");
    Mono<Void> work =
        db.sql("select id from calls where workspace_id = :workspaceId")
            .bind("workspaceId", workspaceId)
            .map(row -> row.get("id", String.class))
            .all()
            .collectList()
            .flatMap(
                callIds ->
                    db.sql("delete from workspaces where id = :workspaceId")
                        .bind("workspaceId", workspaceId)
                        .then()
                        .then(
                            Flux.fromIterable(callIds)
                                .buffer(TOMBSTONE_BATCH)
                                .concatMap(
                                    batch ->
                                        tombstones.publish(
                                            workspaceId,
                                            batch,
                                            CallDeleted.Reason.WORKSPACE_ERASURE,
                                            clock.instant()))
                                .then())
                        .then(destroyKeys(workspaceId))
                        // last: the audit log locks the workspace's chain until the commit
                        .then(
                            audit.record(workspaceId, AuditType.ERASURE_REQUESTED, actor, Map.of()))
                        .doOnSuccess(
                            done ->
                                LOG.info(
                                    "erased workspace {}: {} calls, keysets destroyed",
                                    workspaceId,
                                    callIds.size())));
    return scope.mono(workspaceId, work);
  }

  /** Deleting a keyset file may block: off the event loop. Each also drops its own cache. */
  private Mono<Void> destroyKeys(String workspaceId) {
    return Mono.fromRunnable(
            () -> {
              keyring.destroy(workspaceId);
              searchKeyring.destroy(workspaceId);
            })
        .subscribeOn(Schedulers.boundedElastic())
        .then();
  }
}
