package io.callstream.query.results;

import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Progress;
import io.micrometer.core.instrument.Counter;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps the latest progress of each call and stage from {@code callstream.progress.v1}. Progress
 * comes at least once and needs no ledger of event ids: a row only moves forward (by the event's
 * time, then work done, then work known), so a duplicate or a late older event changes nothing.
 * Each event is stored in its own workspace's {@link WorkspaceScope}, within the batch's
 * transaction. Thread-safe.
 */
final class ProgressWriter implements BatchWriter {

  private static final Logger LOG = LoggerFactory.getLogger(ProgressWriter.class);

  private static final String UPSERT =
      """
      with known_call as (
          select 1 from calls where workspace_id = :workspaceId and id = :callId),
      stored as (
          insert into call_progress
              (workspace_id, call_id, stage, done, total, eta_ms, event_id, occurred_at)
          select :workspaceId, :callId, :stage, :done, :total, :etaMs, :eventId, :occurredAt
          from known_call
          on conflict (workspace_id, call_id, stage) do update
          set done = excluded.done, total = excluded.total, eta_ms = excluded.eta_ms,
              event_id = excluded.event_id, occurred_at = excluded.occurred_at,
              updated_at = now()
          where (excluded.occurred_at, excluded.done, excluded.total)
              > (call_progress.occurred_at, call_progress.done, call_progress.total)
          returning 1)
      select exists (select 1 from known_call) as known, exists (select 1 from stored) as changed
      """;

  private final DatabaseClient db;
  private final WorkspaceScope scope;
  private final Counter unknownCalls;

  ProgressWriter(DatabaseClient db, WorkspaceScope scope, Counter unknownCalls) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
    this.unknownCalls = Objects.requireNonNull(unknownCalls, "unknownCalls must not be null");
  }

  @Override
  public Flux<ConsumedEvent> write(List<ConsumedEvent> batch) {
    return Flux.fromIterable(batch).concatMap(consumed -> apply(consumed).map(changed -> consumed));
  }

  /** Emits the event if it moved its call's progress forward. */
  private Mono<CallstreamEvent> apply(ConsumedEvent consumed) {
    if (!(consumed.event() instanceof Progress progress)) {
      LOG.warn(
          "ignored {} {}: not a progress event",
          consumed.event().type().ceType(),
          consumed.event().eventId());
      return Mono.empty();
    }
    DatabaseClient.GenericExecuteSpec statement =
        db.sql(UPSERT)
            .bind("workspaceId", progress.workspaceId())
            .bind("callId", progress.callId())
            .bind("stage", progress.stage().name())
            .bind("done", progress.done())
            .bind("total", progress.total())
            .bind("eventId", progress.eventId())
            .bind("occurredAt", progress.occurredAt());
    Long etaMs = progress.etaMs();
    statement =
        etaMs == null ? statement.bindNull("etaMs", Long.class) : statement.bind("etaMs", etaMs);
    return statement
        .map(
            row ->
                new Outcome(
                    Boolean.TRUE.equals(row.get("known", Boolean.class)),
                    Boolean.TRUE.equals(row.get("changed", Boolean.class))))
        .one()
        .as(outcome -> scope.mono(progress.workspaceId(), outcome))
        .flatMap(
            outcome -> {
              if (!outcome.known()) {
                unknownCalls.increment();
                LOG.warn(
                    "skipped progress {} at {}-{}@{}: workspace {} has no call {}",
                    progress.eventId(),
                    consumed.topic(),
                    consumed.partition(),
                    consumed.offset(),
                    progress.workspaceId(),
                    progress.callId());
                return Mono.empty();
              }
              return outcome.changed() ? Mono.just(progress) : Mono.empty();
            });
  }

  /**
   * What {@link #UPSERT} found.
   *
   * @param known whether the call exists
   * @param changed whether the event moved the stored progress forward
   */
  private record Outcome(boolean known, boolean changed) {}
}
