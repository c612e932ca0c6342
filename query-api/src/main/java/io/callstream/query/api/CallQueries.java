package io.callstream.query.api;

import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.event.Progress;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Mono;

/**
 * Reads calls of one workspace; every query runs in the workspace's {@link WorkspaceScope} and
 * names the workspace id. Thread-safe.
 */
final class CallQueries {

  static final String CURSOR_KIND = "calls";

  private final DatabaseClient db;
  private final WorkspaceScope scope;

  CallQueries(DatabaseClient db, WorkspaceScope scope) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
  }

  /**
   * Filters of the call list; null fields filter nothing.
   *
   * @param text matched in the title (a substring, any case), or in the transcript through {@code
   *     textTokens}
   * @param textTokens the blind tokens of {@code text}: a call matches when one of its segments
   *     holds them all; null when nothing in a transcript can match
   * @param participant the start of a participant's name, any case
   */
  record Filter(
      @Nullable String status,
      @Nullable Instant from,
      @Nullable Instant to,
      @Nullable String text,
      @Nullable List<Long> textTokens,
      @Nullable String participant) {

    Filter {
      textTokens = textTokens == null || textTokens.isEmpty() ? null : List.copyOf(textTokens);
    }
  }

  /** A page of calls, newest first (by creation time, then id). */
  Mono<Page<CallListItem>> list(
      String workspaceId, Filter filter, @Nullable Cursor after, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "select c.id, c.title, c.status, c.created_at, c.ended_at, a.status as analysis_status"
                + " from calls c left join call_analysis a"
                + " on a.workspace_id = c.workspace_id and a.call_id = c.id"
                + " where c.workspace_id = :workspaceId");
    if (filter.status() != null) {
      sql.append(" and c.status = :status");
    }
    if (filter.from() != null) {
      sql.append(" and c.created_at >= :from");
    }
    if (filter.to() != null) {
      sql.append(" and c.created_at < :to");
    }
    if (filter.text() != null) {
      // strpos, not like: the text needs no escaping of % and _
      sql.append(" and (strpos(lower(c.title), lower(:text)) > 0");
      if (filter.textTokens() != null) {
        sql.append(
            " or c.id in (select s.call_id from call_transcript_segments s"
                + " where s.workspace_id = :workspaceId and s.tokens @> :textTokens)");
      }
      sql.append(")");
    }
    if (filter.participant() != null) {
      sql.append(
          " and c.id in (select p.call_id from call_participants p"
              + " where p.workspace_id = :workspaceId"
              + " and starts_with(lower(p.name), lower(:participant)))");
    }
    if (after != null) {
      sql.append(" and (c.created_at, c.id) < (:afterTime, :afterId)");
    }
    sql.append(" order by c.created_at desc, c.id desc limit :limit");
    GenericExecuteSpec spec =
        db.sql(sql.toString()).bind("workspaceId", workspaceId).bind("limit", limit + 1);
    if (filter.status() != null) {
      spec = spec.bind("status", filter.status());
    }
    if (filter.from() != null) {
      spec = spec.bind("from", filter.from());
    }
    if (filter.to() != null) {
      spec = spec.bind("to", filter.to());
    }
    if (filter.text() != null) {
      spec = spec.bind("text", filter.text());
      if (filter.textTokens() != null) {
        spec = spec.bind("textTokens", filter.textTokens().toArray(Long[]::new));
      }
    }
    if (filter.participant() != null) {
      spec = spec.bind("participant", filter.participant());
    }
    if (after != null) {
      spec = spec.bind("afterTime", after.time()).bind("afterId", after.keys().get(0));
    }
    return spec.map(
            row ->
                new CallListItem(
                    row.get("id", String.class),
                    row.get("title", String.class),
                    row.get("status", String.class),
                    row.get("created_at", Instant.class),
                    row.get("ended_at", Instant.class),
                    row.get("analysis_status", String.class)))
        .all()
        .collectList()
        .as(rows -> scope.mono(workspaceId, rows))
        .map(
            rows ->
                Page.of(
                    rows,
                    limit,
                    item -> Cursor.of(CURSOR_KIND, item.createdAt(), item.id()).encode()));
  }

  /** The call's title, empty when the workspace has no such call. */
  Mono<String> title(String workspaceId, String callId) {
    return scope.mono(
        workspaceId,
        db.sql("select title from calls where workspace_id = :workspaceId and id = :id")
            .bind("workspaceId", workspaceId)
            .bind("id", callId)
            .map(row -> row.get("title", String.class))
            .one());
  }

  /** The call with its analysis and progress, empty when the workspace has no such call. */
  Mono<CallDetail> detail(String workspaceId, String callId) {
    Mono<List<CallDetail.StageProgress>> progress =
        db.sql(
                "select stage, done, total, eta_ms, occurred_at from call_progress"
                    + " where workspace_id = :workspaceId and call_id = :callId")
            .bind("workspaceId", workspaceId)
            .bind("callId", callId)
            .map(
                row ->
                    new CallDetail.StageProgress(
                        row.get("stage", String.class),
                        row.get("done", Long.class),
                        row.get("total", Long.class),
                        row.get("eta_ms", Long.class),
                        row.get("occurred_at", Instant.class)))
            .all()
            .sort(Comparator.comparing(stage -> Progress.Stage.valueOf(stage.stage())))
            .collectList();
    // one transaction, the call first: its progress is read only for a call that exists
    Mono<CallDetail> call =
        db.sql(
                "select c.id, c.title, c.source, c.status, c.created_at, c.ended_at, c.duration_ms,"
                    + " a.status as analysis_status, a.reason, a.analyzer, a.occurred_at"
                    + " from calls c left join call_analysis a"
                    + " on a.workspace_id = c.workspace_id and a.call_id = c.id"
                    + " where c.workspace_id = :workspaceId and c.id = :id")
            .bind("workspaceId", workspaceId)
            .bind("id", callId)
            .map(
                row -> {
                  String analysisStatus = row.get("analysis_status", String.class);
                  CallDetail.Analysis analysis =
                      analysisStatus == null
                          ? null
                          : new CallDetail.Analysis(
                              analysisStatus,
                              row.get("reason", String.class),
                              row.get("analyzer", String.class),
                              row.get("occurred_at", Instant.class));
                  return new CallDetail(
                      row.get("id", String.class),
                      row.get("title", String.class),
                      row.get("source", String.class),
                      row.get("status", String.class),
                      row.get("created_at", Instant.class),
                      row.get("ended_at", Instant.class),
                      row.get("duration_ms", Long.class),
                      analysis,
                      List.of());
                })
            .one();
    return scope.mono(
        workspaceId,
        call.flatMap(
            found ->
                progress.map(
                    stages ->
                        new CallDetail(
                            found.id(),
                            found.title(),
                            found.source(),
                            found.status(),
                            found.createdAt(),
                            found.endedAt(),
                            found.durationMs(),
                            found.analysis(),
                            stages))));
  }
}
