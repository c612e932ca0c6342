package io.callstream.query.results;

import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.InsightDetected;
import io.callstream.core.event.MetricsUpdated;
import io.callstream.core.event.MindmapUpdated;
import io.callstream.core.event.SummaryUpdated;
import io.micrometer.core.instrument.Counter;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores result events from {@code callstream.insights.v1}: each event once (by event id, in {@code
 * consumed_events}), into the latest state of its call, within the batch's transaction, each event
 * in its own workspace's {@link WorkspaceScope} (a batch spans workspaces). Ciphertext is stored as
 * it came. Thread-safe.
 *
 * <p>An event of a call that {@code calls} does not hold (never created, or deleted since) is
 * skipped with a warning and counted: it cannot be stored, and retrying would not change that.
 */
final class ResultWriter implements BatchWriter {

  private static final Logger LOG = LoggerFactory.getLogger(ResultWriter.class);

  private static final String CLAIM =
      """
      with known_call as (
          select 1 from calls where workspace_id = :workspaceId and id = :callId),
      claimed as (
          insert into consumed_events
              (event_id, workspace_id, call_id, type, topic, partition, kafka_offset)
          select :eventId, :workspaceId, :callId, :type, :topic, :partition, :offset
          from known_call
          on conflict (event_id) do nothing
          returning 1)
      select exists (select 1 from known_call) as known, exists (select 1 from claimed) as fresh
      """;

  private static final String MINDMAP =
      """
      insert into call_mindmaps
          (workspace_id, call_id, version, mindmap, analyzer, event_id, occurred_at)
      values (:workspaceId, :callId, :version, :mindmap, :analyzer, :eventId, :occurredAt)
      on conflict (workspace_id, call_id) do update
      set version = excluded.version, mindmap = excluded.mindmap, analyzer = excluded.analyzer,
          event_id = excluded.event_id, occurred_at = excluded.occurred_at, updated_at = now()
      where excluded.version > call_mindmaps.version
      """;

  private static final String INSIGHT =
      """
      insert into call_insights (workspace_id, call_id, insight_id, type, body,
          cited_segment_ids, analyzer, event_id, occurred_at)
      values (:workspaceId, :callId, :insightId, :type, :body, :cited, :analyzer, :eventId,
          :occurredAt)
      on conflict (workspace_id, call_id, insight_id) do update
      set type = excluded.type, body = excluded.body,
          cited_segment_ids = excluded.cited_segment_ids, analyzer = excluded.analyzer,
          event_id = excluded.event_id, occurred_at = excluded.occurred_at, updated_at = now()
      """;

  private static final String SUMMARY =
      """
      insert into call_summaries (workspace_id, call_id, version, summary, cited_segment_ids,
          analyzer, event_id, occurred_at)
      values (:workspaceId, :callId, :version, :summary, :cited, :analyzer, :eventId,
          :occurredAt)
      on conflict (workspace_id, call_id) do update
      set version = excluded.version, summary = excluded.summary,
          cited_segment_ids = excluded.cited_segment_ids, analyzer = excluded.analyzer,
          event_id = excluded.event_id, occurred_at = excluded.occurred_at, updated_at = now()
      where excluded.version > call_summaries.version
      """;

  private static final String METRICS =
      """
      insert into call_metrics (workspace_id, call_id, talk_ms_by_speaker, talk_ratio,
          longest_monologue_ms, questions, speaker_switches_per_minute, event_id, occurred_at)
      values (:workspaceId, :callId, cast(:talk as jsonb), :talkRatio, :longestMonologueMs,
          :questions, :switches, :eventId, :occurredAt)
      on conflict (workspace_id, call_id) do update
      set talk_ms_by_speaker = excluded.talk_ms_by_speaker, talk_ratio = excluded.talk_ratio,
          longest_monologue_ms = excluded.longest_monologue_ms, questions = excluded.questions,
          speaker_switches_per_minute = excluded.speaker_switches_per_minute,
          event_id = excluded.event_id, occurred_at = excluded.occurred_at, updated_at = now()
      """;

  private static final String ANALYSIS =
      """
      insert into call_analysis
          (workspace_id, call_id, status, reason, analyzer, event_id, occurred_at)
      values (:workspaceId, :callId, :status, :reason, :analyzer, :eventId, :occurredAt)
      on conflict (workspace_id, call_id) do update
      set status = excluded.status, reason = excluded.reason, analyzer = excluded.analyzer,
          event_id = excluded.event_id, occurred_at = excluded.occurred_at, updated_at = now()
      """;

  private final DatabaseClient db;
  private final WorkspaceScope scope;
  private final JsonMapper json;
  private final Counter unknownCalls;

  ResultWriter(DatabaseClient db, WorkspaceScope scope, JsonMapper json, Counter unknownCalls) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
    this.json = Objects.requireNonNull(json, "json must not be null");
    this.unknownCalls = Objects.requireNonNull(unknownCalls, "unknownCalls must not be null");
  }

  @Override
  public Flux<ConsumedEvent> write(List<ConsumedEvent> batch) {
    return Flux.fromIterable(batch).concatMap(consumed -> apply(consumed).map(changed -> consumed));
  }

  /** Emits the event if it changed what is stored. */
  private Mono<CallstreamEvent> apply(ConsumedEvent consumed) {
    CallstreamEvent event = consumed.event();
    Mono<CallstreamEvent> applied =
        claim(consumed)
            .flatMap(
                claim -> {
                  if (!claim.known()) {
                    unknownCalls.increment();
                    LOG.warn(
                        "skipped {} {} at {}-{}@{}: workspace {} has no call {}",
                        event.type().ceType(),
                        event.eventId(),
                        consumed.topic(),
                        consumed.partition(),
                        consumed.offset(),
                        event.workspaceId(),
                        event.callId());
                    return Mono.empty();
                  }
                  if (!claim.fresh()) {
                    LOG.debug("skipped {}: stored before", event.eventId());
                    return Mono.empty();
                  }
                  return store(event).filter(changed -> changed).map(changed -> event);
                });
    return scope.mono(event.workspaceId(), applied);
  }

  private Mono<Claim> claim(ConsumedEvent consumed) {
    CallstreamEvent event = consumed.event();
    return db.sql(CLAIM)
        .bind("eventId", event.eventId())
        .bind("workspaceId", event.workspaceId())
        .bind("callId", event.callId())
        .bind("type", event.type().ceType())
        .bind("topic", consumed.topic())
        .bind("partition", consumed.partition())
        .bind("offset", consumed.offset())
        .map(
            row ->
                new Claim(
                    Boolean.TRUE.equals(row.get("known", Boolean.class)),
                    Boolean.TRUE.equals(row.get("fresh", Boolean.class))))
        .one();
  }

  /** Emits whether the event changed its call's stored state. */
  private Mono<Boolean> store(CallstreamEvent event) {
    DatabaseClient.GenericExecuteSpec statement;
    if (event instanceof MindmapUpdated mindmap) {
      statement =
          db.sql(MINDMAP)
              .bind("version", mindmap.version())
              .bind("mindmap", mindmap.mindmap().bytes())
              .bind("analyzer", mindmap.analyzer());
    } else if (event instanceof InsightDetected insight) {
      statement =
          db.sql(INSIGHT)
              .bind("insightId", insight.insightId())
              .bind("type", insight.insightType().name())
              .bind("body", insight.body().bytes())
              .bind("cited", insight.citedSegmentIds().toArray(String[]::new))
              .bind("analyzer", insight.analyzer());
    } else if (event instanceof SummaryUpdated summary) {
      statement =
          db.sql(SUMMARY)
              .bind("version", summary.version())
              .bind("summary", summary.summary().bytes())
              .bind("cited", summary.citedSegmentIds().toArray(String[]::new))
              .bind("analyzer", summary.analyzer());
    } else if (event instanceof MetricsUpdated metrics) {
      statement =
          db.sql(METRICS)
              .bind("talk", json.writeValueAsString(metrics.talkMsBySpeaker()))
              .bind("talkRatio", metrics.talkRatio())
              .bind("longestMonologueMs", metrics.longestMonologueMs())
              .bind("questions", metrics.questions())
              .bind("switches", metrics.speakerSwitchesPerMinute());
    } else if (event instanceof CallAnalyzed analyzed) {
      statement = db.sql(ANALYSIS).bind("status", analyzed.status().name());
      String reason = analyzed.reason();
      statement =
          (reason == null
                  ? statement.bindNull("reason", String.class)
                  : statement.bind("reason", reason))
              .bind("analyzer", analyzed.analyzer());
    } else {
      // Claimed, so it is not looked at again; nothing of it is kept.
      LOG.warn("ignored {} {}: not a result event", event.type().ceType(), event.eventId());
      return Mono.just(false);
    }
    return statement
        .bind("workspaceId", event.workspaceId())
        .bind("callId", event.callId())
        .bind("eventId", event.eventId())
        .bind("occurredAt", event.occurredAt())
        .fetch()
        .rowsUpdated()
        .map(rows -> rows > 0);
  }

  /**
   * What {@link #CLAIM} found.
   *
   * @param known whether the call exists
   * @param fresh whether the event was not stored before (and now is)
   */
  private record Claim(boolean known, boolean fresh) {}
}
