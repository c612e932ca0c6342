package io.callstream.ingest.segment;

import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.ingest.call.CallStatus;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * What the intake has published of each call, in PostgreSQL ({@code call_segments}): it survives
 * restarts and is shared by every ingest instance. Every query runs in one workspace's {@link
 * WorkspaceScope}. Thread-safe.
 */
public final class SegmentLedger {

  private final DatabaseClient db;
  private final WorkspaceScope scope;

  public SegmentLedger(DatabaseClient db, WorkspaceScope scope) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
  }

  /**
   * The call's status, its participant list and what was published of the given sequences, in one
   * round trip; empty when the workspace has no such call.
   */
  Mono<CallSegments> lookup(String workspaceId, String callId, Collection<Long> sequences) {
    return db.sql(
            "select c.status, s.sequence, s.final_result, s.revisions, s.end_ms,"
                + " array(select p.name from call_participants p"
                + " where p.workspace_id = c.workspace_id and p.call_id = c.id"
                + " order by p.position) as participants"
                + " from calls c"
                + " left join call_segments s on s.workspace_id = c.workspace_id"
                + " and s.call_id = c.id and s.sequence = any(cast(:sequences as bigint[]))"
                + " where c.workspace_id = :workspaceId and c.id = :callId")
        .bind("workspaceId", workspaceId)
        .bind("callId", callId)
        .bind("sequences", sequences.toArray(Long[]::new))
        .map(
            row -> {
              Long sequence = row.get("sequence", Long.class);
              String[] participants = row.get("participants", String[].class);
              return new LookupRow(
                  "ended".equals(row.get("status", String.class)),
                  participants == null ? List.of() : List.of(participants),
                  sequence == null
                      ? null
                      : new SequenceState(
                          sequence,
                          Boolean.TRUE.equals(row.get("final_result", Boolean.class)),
                          Objects.requireNonNull(row.get("revisions", Integer.class)),
                          Objects.requireNonNull(row.get("end_ms", Long.class))));
            })
        .all()
        .collectList()
        .as(rows -> scope.mono(workspaceId, rows))
        .filter(rows -> !rows.isEmpty())
        .map(SegmentLedger::callSegments);
  }

  /**
   * Records what a batch published. Merges with what another request may have recorded meanwhile: a
   * final stays final, revision counts only grow.
   */
  Mono<Void> record(String workspaceId, String callId, Collection<SequenceState> states) {
    if (states.isEmpty()) {
      return Mono.empty();
    }
    List<SequenceState> list = List.copyOf(states);
    return db.sql(
            "insert into call_segments"
                + " (workspace_id, call_id, sequence, final_result, revisions, end_ms)"
                + " select :workspaceId, :callId, s.sequence, s.final_result, s.revisions, s.end_ms"
                + " from unnest(cast(:sequences as bigint[]), cast(:finals as boolean[]),"
                + " cast(:revisions as integer[]), cast(:endMs as bigint[]))"
                + " as s(sequence, final_result, revisions, end_ms)"
                + " on conflict (workspace_id, call_id, sequence) do update set"
                + " final_result = call_segments.final_result or excluded.final_result,"
                + " revisions = greatest(call_segments.revisions, excluded.revisions),"
                + " end_ms = case when call_segments.final_result then call_segments.end_ms"
                + " else excluded.end_ms end,"
                + " updated_at = now()")
        .bind("workspaceId", workspaceId)
        .bind("callId", callId)
        .bind("sequences", list.stream().map(SequenceState::sequence).toArray(Long[]::new))
        .bind("finals", list.stream().map(SequenceState::finalResult).toArray(Boolean[]::new))
        .bind("revisions", list.stream().map(SequenceState::revisions).toArray(Integer[]::new))
        .bind("endMs", list.stream().map(SequenceState::endMs).toArray(Long[]::new))
        .then()
        .as(recorded -> scope.mono(workspaceId, recorded));
  }

  private static CallSegments callSegments(List<LookupRow> rows) {
    return new CallSegments(
        rows.get(0).ended() ? CallStatus.ENDED : CallStatus.OPEN,
        rows.get(0).participants(),
        rows.stream()
            .map(LookupRow::state)
            .filter(Objects::nonNull)
            .collect(Collectors.toMap(SequenceState::sequence, Function.identity())));
  }

  /**
   * A call's status, the participants it was created with (empty: any speaker) and what was
   * published of some of its sequences.
   */
  record CallSegments(
      CallStatus status, List<String> participants, Map<Long, SequenceState> published) {}

  private record LookupRow(
      boolean ended, List<String> participants, @Nullable SequenceState state) {}
}
