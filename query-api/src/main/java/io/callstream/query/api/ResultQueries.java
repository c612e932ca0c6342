package io.callstream.query.api;

import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.event.InsightType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a workspace's stored results and decrypts them. Every query runs in the workspace's {@link
 * WorkspaceScope} and names the workspace id; decryption runs after its transaction. Decryption
 * runs on the bounded-elastic scheduler: the first use of a workspace's keyset may read a file.
 * Thread-safe.
 */
final class ResultQueries {

  static final String INSIGHTS_CURSOR_KIND = "insights";

  private static final TypeReference<Map<String, Long>> TALK_MS = new TypeReference<>() {};

  private final DatabaseClient db;
  private final WorkspaceScope scope;
  private final EventViews views;
  private final JsonMapper json;

  ResultQueries(DatabaseClient db, WorkspaceScope scope, EventViews views, JsonMapper json) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
    this.views = Objects.requireNonNull(views, "views must not be null");
    this.json = Objects.requireNonNull(json, "json must not be null");
  }

  /** The call's latest mindmap, empty when there is none yet. */
  Mono<MindmapView> mindmap(String workspaceId, String callId) {
    return db.sql(
            "select version, mindmap, analyzer, occurred_at from call_mindmaps"
                + " where workspace_id = :workspaceId and call_id = :callId")
        .bind("workspaceId", workspaceId)
        .bind("callId", callId)
        .map(
            row ->
                new StoredMindmap(
                    row.get("version", Long.class),
                    row.get("mindmap", byte[].class),
                    row.get("analyzer", String.class),
                    row.get("occurred_at", Instant.class)))
        .one()
        .as(found -> scope.mono(workspaceId, found))
        .publishOn(Schedulers.boundedElastic())
        .map(
            stored ->
                views.mindmap(
                    workspaceId,
                    callId,
                    stored.version(),
                    stored.ciphertext(),
                    stored.analyzer(),
                    stored.occurredAt()));
  }

  /** The call's insights in the order they came up. */
  Flux<InsightView> insightsOfCall(String workspaceId, String callId) {
    return insights(
        db.sql(
                "select call_id, insight_id, type, body, cited_segment_ids, analyzer, occurred_at"
                    + " from call_insights where workspace_id = :workspaceId"
                    + " and call_id = :callId order by occurred_at, insight_id")
            .bind("workspaceId", workspaceId)
            .bind("callId", callId),
        workspaceId);
  }

  /** Filters of insights across calls; null fields filter nothing. */
  record InsightFilter(@Nullable InsightType type, @Nullable Instant from, @Nullable Instant to) {}

  /**
   * A page of the workspace's insights, newest first, ties by call and insight id (the order of the
   * {@code call_insights_by_type} index).
   */
  Mono<Page<InsightView>> insights(
      String workspaceId, InsightFilter filter, @Nullable Cursor after, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "select call_id, insight_id, type, body, cited_segment_ids, analyzer, occurred_at"
                + " from call_insights where workspace_id = :workspaceId");
    if (filter.type() != null) {
      sql.append(" and type = :type");
    }
    if (filter.from() != null) {
      sql.append(" and occurred_at >= :from");
    }
    if (filter.to() != null) {
      sql.append(" and occurred_at < :to");
    }
    if (after != null) {
      sql.append(
          " and (occurred_at < :afterTime or (occurred_at = :afterTime"
              + " and (call_id, insight_id) > (:afterCall, :afterInsight)))");
    }
    sql.append(" order by occurred_at desc, call_id, insight_id limit :limit");
    GenericExecuteSpec spec =
        db.sql(sql.toString()).bind("workspaceId", workspaceId).bind("limit", limit + 1);
    if (filter.type() != null) {
      spec = spec.bind("type", filter.type().name());
    }
    if (filter.from() != null) {
      spec = spec.bind("from", filter.from());
    }
    if (filter.to() != null) {
      spec = spec.bind("to", filter.to());
    }
    if (after != null) {
      spec =
          spec.bind("afterTime", after.time())
              .bind("afterCall", after.keys().get(0))
              .bind("afterInsight", after.keys().get(1));
    }
    return insights(spec, workspaceId)
        .collectList()
        .map(
            rows ->
                Page.of(
                    rows,
                    limit,
                    insight ->
                        Cursor.of(
                                INSIGHTS_CURSOR_KIND,
                                insight.occurredAt(),
                                insight.callId(),
                                insight.insightId())
                            .encode()));
  }

  /** The call's latest summary, empty when there is none yet. */
  Mono<SummaryView> summary(String workspaceId, String callId) {
    return db.sql(
            "select version, summary, cited_segment_ids, analyzer, occurred_at from call_summaries"
                + " where workspace_id = :workspaceId and call_id = :callId")
        .bind("workspaceId", workspaceId)
        .bind("callId", callId)
        .map(
            row ->
                new StoredSummary(
                    row.get("version", Long.class),
                    row.get("summary", byte[].class),
                    List.of(row.get("cited_segment_ids", String[].class)),
                    row.get("analyzer", String.class),
                    row.get("occurred_at", Instant.class)))
        .one()
        .as(found -> scope.mono(workspaceId, found))
        .publishOn(Schedulers.boundedElastic())
        .map(
            stored ->
                views.summary(
                    workspaceId,
                    callId,
                    stored.version(),
                    stored.ciphertext(),
                    stored.citedSegmentIds(),
                    stored.analyzer(),
                    stored.occurredAt()));
  }

  /** The call's latest metrics, empty when there are none yet. */
  Mono<MetricsView> metrics(String workspaceId, String callId) {
    return db.sql(
            "select talk_ms_by_speaker::text as talk_ms_by_speaker, talk_ratio,"
                + " longest_monologue_ms, questions, speaker_switches_per_minute, occurred_at"
                + " from call_metrics where workspace_id = :workspaceId and call_id = :callId")
        .bind("workspaceId", workspaceId)
        .bind("callId", callId)
        .map(
            row ->
                new MetricsView(
                    callId,
                    json.readValue(row.get("talk_ms_by_speaker", String.class), TALK_MS),
                    row.get("talk_ratio", Double.class),
                    row.get("longest_monologue_ms", Long.class),
                    row.get("questions", Integer.class),
                    row.get("speaker_switches_per_minute", Double.class),
                    row.get("occurred_at", Instant.class)))
        .one()
        .as(found -> scope.mono(workspaceId, found));
  }

  private Flux<InsightView> insights(GenericExecuteSpec select, String workspaceId) {
    return select
        .map(
            row ->
                new StoredInsight(
                    row.get("call_id", String.class),
                    row.get("insight_id", String.class),
                    InsightType.valueOf(row.get("type", String.class)),
                    row.get("body", byte[].class),
                    List.of(row.get("cited_segment_ids", String[].class)),
                    row.get("analyzer", String.class),
                    row.get("occurred_at", Instant.class)))
        .all()
        .as(found -> scope.flux(workspaceId, found))
        .publishOn(Schedulers.boundedElastic())
        .map(
            stored ->
                views.insight(
                    workspaceId,
                    stored.callId(),
                    stored.insightId(),
                    stored.type(),
                    stored.ciphertext(),
                    stored.citedSegmentIds(),
                    stored.analyzer(),
                    stored.occurredAt()));
  }

  private record StoredMindmap(
      long version, byte[] ciphertext, String analyzer, Instant occurredAt) {}

  private record StoredSummary(
      long version,
      byte[] ciphertext,
      List<String> citedSegmentIds,
      String analyzer,
      Instant occurredAt) {}

  private record StoredInsight(
      String callId,
      String insightId,
      InsightType type,
      byte[] ciphertext,
      List<String> citedSegmentIds,
      String analyzer,
      Instant occurredAt) {}
}
