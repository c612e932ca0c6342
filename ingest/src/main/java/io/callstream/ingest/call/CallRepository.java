package io.callstream.ingest.call;

import io.callstream.api.tenancy.WorkspaceScope;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Calls in PostgreSQL, always within one workspace: every method runs in the workspace's {@link
 * WorkspaceScope} and names the workspace in its SQL. Thread-safe.
 */
public final class CallRepository {

  private static final String ENDED = "ended";

  private final DatabaseClient db;
  private final WorkspaceScope scope;

  public CallRepository(DatabaseClient db, WorkspaceScope scope) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
  }

  public Mono<Void> insert(String workspaceId, String callId, String title, String source) {
    return scope.mono(
        workspaceId,
        db.sql(
                "insert into calls (workspace_id, id, title, source) values"
                    + " (:workspaceId, :id, :title, :source)")
            .bind("workspaceId", workspaceId)
            .bind("id", callId)
            .bind("title", title)
            .bind("source", source)
            .then());
  }

  /**
   * Stores the names of the participants the call was created with, in their order; nothing for an
   * empty list, which leaves the call open to any speaker.
   */
  public Mono<Void> insertParticipants(String workspaceId, String callId, List<String> names) {
    if (names.isEmpty()) {
      return Mono.empty();
    }
    return scope.mono(
        workspaceId,
        db.sql(
                "insert into call_participants (workspace_id, call_id, position, name)"
                    + " select :workspaceId, :callId, (p.ordinality - 1)::integer, p.name"
                    + " from unnest(cast(:names as text[])) with ordinality as p(name, ordinality)")
            .bind("workspaceId", workspaceId)
            .bind("callId", callId)
            .bind("names", names.toArray(String[]::new))
            .then());
  }

  /**
   * The names of the call's participants in the order they were given; empty when the call was
   * created without any, or when the workspace has no such call.
   */
  public Mono<List<String>> participants(String workspaceId, String callId) {
    return scope.mono(
        workspaceId,
        db.sql(
                "select name from call_participants"
                    + " where workspace_id = :workspaceId and call_id = :callId order by position")
            .bind("workspaceId", workspaceId)
            .bind("callId", callId)
            .map(row -> row.get("name", String.class))
            .all()
            .collectList());
  }

  public Mono<Boolean> exists(String workspaceId, String callId) {
    return scope
        .mono(
            workspaceId,
            db.sql("select 1 from calls where workspace_id = :workspaceId and id = :id")
                .bind("workspaceId", workspaceId)
                .bind("id", callId)
                .map(row -> true)
                .one())
        .defaultIfEmpty(false);
  }

  /** Where the call is in its life; empty when the workspace has no such call. */
  public Mono<CallStatus> status(String workspaceId, String callId) {
    return scope.mono(
        workspaceId,
        db.sql("select status from calls where workspace_id = :workspaceId and id = :id")
            .bind("workspaceId", workspaceId)
            .bind("id", callId)
            .map(
                row ->
                    ENDED.equals(row.get("status", String.class))
                        ? CallStatus.ENDED
                        : CallStatus.OPEN)
            .one());
  }

  /**
   * Completes if the call exists and is open; fails with {@link CallNotFoundException} or {@link
   * CallEndedException} otherwise.
   */
  public Mono<Void> requireOpen(String workspaceId, String callId) {
    return status(workspaceId, callId)
        .switchIfEmpty(Mono.error(() -> new CallNotFoundException(callId)))
        .flatMap(
            status ->
                status == CallStatus.ENDED
                    ? Mono.error(new CallEndedException(callId))
                    : Mono.<Void>empty());
  }

  /**
   * Ends the call unless it has ended already, and answers how it ended: the same on every call
   * after the first. Empty when the workspace has no such call.
   *
   * <p>The duration is the end of the call's last segment (the largest {@code end_ms} the intake
   * recorded, which is on the recording's clock and so does not count the time before the first
   * word or a transcript uploaded long after the meeting), or, for a call without segments, the
   * wall-clock time from its creation to its end.
   */
  public Mono<EndedCall> end(String workspaceId, String callId) {
    // Two statements, not one with a CTE: the second reads a fresh snapshot, so a concurrent end
    // that won the row lock is seen as ended rather than as missing.
    return scope.mono(
        workspaceId,
        db.sql(
                "update calls c set status = 'ended', ended_at = now(), duration_ms = coalesce("
                    + " (select max(s.end_ms) from call_segments s"
                    + " where s.workspace_id = c.workspace_id and s.call_id = c.id),"
                    + " greatest(0, floor(extract(epoch from now() - c.created_at) * 1000))::bigint)"
                    + " where c.workspace_id = :workspaceId and c.id = :id and c.status <> 'ended'")
            .bind("workspaceId", workspaceId)
            .bind("id", callId)
            .fetch()
            .rowsUpdated()
            .then(
                db.sql(
                        "select c.ended_at, c.duration_ms, (select max(s.sequence) from call_segments s"
                            + " where s.workspace_id = c.workspace_id and s.call_id = c.id"
                            + " and s.final_result) as last_sequence from calls c"
                            + " where c.workspace_id = :workspaceId and c.id = :id"
                            + " and c.status = 'ended'")
                    .bind("workspaceId", workspaceId)
                    .bind("id", callId)
                    .map(
                        row ->
                            EndedCall.of(
                                callId,
                                row.get("ended_at", Instant.class),
                                row.get("duration_ms", Long.class),
                                row.get("last_sequence", Long.class)))
                    .one()));
  }
}
