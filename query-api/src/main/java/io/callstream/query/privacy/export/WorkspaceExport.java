package io.callstream.query.privacy.export;

import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.api.workspace.Plan;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.result.InsightBody;
import io.callstream.core.result.ResultJson;
import io.callstream.query.api.StoredSegment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.reactivestreams.Publisher;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything a workspace holds, as one JSON document: the workspace, its members, invitations, API
 * keys (metadata only), templates, integrations (masked), every call with its participants,
 * decrypted transcript, mindmap, insights, summary, metrics, analysis and progress, and the audit
 * log. Streamed in chunks from one scoped read-only pass over the database: the big parts
 * (transcripts, the audit log) are read with a fetch size, so memory does not grow with the
 * workspace; only the list of calls (their metadata) is held while the document is written.
 * Thread-safe.
 */
public final class WorkspaceExport {

  /** Names the document's shape, for whoever reads an export years later. */
  static final String FORMAT = "callstream.workspace-export.v1";

  /** Rows fetched at a time from the large tables. */
  private static final int FETCH_SIZE = 200;

  /** Fragments joined into one buffer, so the response is not a write per comma. */
  private static final int FRAGMENTS_PER_CHUNK = 64;

  private final DatabaseClient db;
  private final WorkspaceScope scope;
  private final FieldCipher cipher;
  private final JsonMapper json;
  private final JsonChunks chunks;
  private final Clock clock;

  public WorkspaceExport(
      DatabaseClient db, WorkspaceScope scope, FieldCipher cipher, JsonMapper json, Clock clock) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
    this.cipher = Objects.requireNonNull(cipher, "cipher must not be null");
    this.json = Objects.requireNonNull(json, "json must not be null");
    this.chunks = new JsonChunks(json);
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
  }

  /** The export of {@code workspaceId}, as UTF-8 JSON in chunks of a few kilobytes. */
  public Flux<byte[]> export(String workspaceId) {
    Objects.requireNonNull(workspaceId, "workspaceId must not be null");
    Flux<byte[]> document =
        Flux.concat(
            JsonChunks.raw("{"),
            chunks.name("format", true),
            chunks.value(Mono.just(FORMAT)),
            chunks.name("exportedAt", false),
            chunks.value(Mono.fromSupplier(clock::instant)),
            chunks.name("workspace", false),
            chunks.value(workspace(workspaceId)),
            chunks.name("members", false),
            chunks.array(members(workspaceId)),
            chunks.name("invitations", false),
            chunks.array(invitations(workspaceId)),
            chunks.name("apiKeys", false),
            chunks.array(apiKeys(workspaceId)),
            chunks.name("templates", false),
            chunks.array(templates(workspaceId)),
            chunks.name("integrations", false),
            chunks.array(integrations(workspaceId)),
            chunks.name("calls", false),
            calls(workspaceId),
            chunks.name("auditLog", false),
            chunks.array(auditLog(workspaceId)),
            JsonChunks.raw("}"));
    return scope
        .flux(workspaceId, document)
        .buffer(FRAGMENTS_PER_CHUNK)
        .map(WorkspaceExport::joined);
  }

  private Mono<Exported.Workspace> workspace(String workspaceId) {
    return db.sql(
            "select id, name, plan, retention_days, created_at from workspaces"
                + " where id = :workspaceId")
        .bind("workspaceId", workspaceId)
        .map(
            row -> {
              String plan = row.get("plan", String.class);
              Integer own = row.get("retention_days", Integer.class);
              Integer effective =
                  own != null
                      ? own
                      : Plan.named(plan)
                          .map(Plan::retentionDays)
                          .filter(OptionalInt::isPresent)
                          .map(OptionalInt::getAsInt)
                          .orElse(null);
              return new Exported.Workspace(
                  row.get("id", String.class),
                  row.get("name", String.class),
                  plan,
                  own,
                  effective,
                  row.get("created_at", Instant.class));
            })
        .one();
  }

  private Flux<Exported.Member> members(String workspaceId) {
    return db.sql(
            "select m.user_id, u.email, m.role, m.created_at from members m"
                + " left join users u on u.id = m.user_id where m.workspace_id = :workspaceId"
                + " order by m.created_at, m.user_id")
        .bind("workspaceId", workspaceId)
        .map(
            row ->
                new Exported.Member(
                    row.get("user_id", String.class),
                    row.get("email", String.class),
                    row.get("role", String.class),
                    row.get("created_at", Instant.class)))
        .all();
  }

  private Flux<Exported.Invitation> invitations(String workspaceId) {
    return db.sql(
            "select id, email, role, invited_by, created_at, expires_at, accepted_at"
                + " from invitations where workspace_id = :workspaceId order by created_at, id")
        .bind("workspaceId", workspaceId)
        .map(
            row ->
                new Exported.Invitation(
                    row.get("id", String.class),
                    row.get("email", String.class),
                    row.get("role", String.class),
                    row.get("invited_by", String.class),
                    row.get("created_at", Instant.class),
                    row.get("expires_at", Instant.class),
                    row.get("accepted_at", Instant.class)))
        .all();
  }

  private Flux<Exported.ApiKey> apiKeys(String workspaceId) {
    return db.sql(
            "select id, name, role, created_by, created_at, expires_at, last_used_at, revoked_at"
                + " from api_keys where workspace_id = :workspaceId order by created_at, id")
        .bind("workspaceId", workspaceId)
        .map(
            row ->
                new Exported.ApiKey(
                    row.get("id", String.class),
                    row.get("name", String.class),
                    row.get("role", String.class),
                    row.get("created_by", String.class),
                    row.get("created_at", Instant.class),
                    row.get("expires_at", Instant.class),
                    row.get("last_used_at", Instant.class),
                    row.get("revoked_at", Instant.class)))
        .all();
  }

  private Flux<Exported.Template> templates(String workspaceId) {
    return db.sql(
            "select name, body::text as body, updated_at from workspace_templates"
                + " where workspace_id = :workspaceId order by name")
        .bind("workspaceId", workspaceId)
        .map(
            row ->
                new Exported.Template(
                    row.get("name", String.class),
                    json.readTree(row.get("body", String.class)),
                    row.get("updated_at", Instant.class)))
        .all();
  }

  private Flux<Exported.Integration> integrations(String workspaceId) {
    return db.sql(
            "select kind, provider, secret_hint, updated_at from workspace_integrations"
                + " where workspace_id = :workspaceId order by kind")
        .bind("workspaceId", workspaceId)
        .map(
            row ->
                new Exported.Integration(
                    row.get("kind", String.class),
                    row.get("provider", String.class),
                    row.get("secret_hint", String.class),
                    row.get("updated_at", Instant.class)))
        .all();
  }

  /**
   * The calls array. The list of calls is read whole first: the transaction has one connection,
   * which cannot serve a call's parts while the list is still being read from it.
   */
  private Flux<byte[]> calls(String workspaceId) {
    return db.sql(
            "select id, title, source, status, created_at, ended_at, duration_ms from calls"
                + " where workspace_id = :workspaceId order by created_at, id")
        .bind("workspaceId", workspaceId)
        .map(
            row ->
                new Exported.Call(
                    row.get("id", String.class),
                    row.get("title", String.class),
                    row.get("source", String.class),
                    row.get("status", String.class),
                    row.get("created_at", Instant.class),
                    row.get("ended_at", Instant.class),
                    row.get("duration_ms", Long.class)))
        .all()
        .collectList()
        .flatMapMany(
            calls ->
                JsonChunks.arrayOfChunks(
                    Flux.fromIterable(calls).map(call -> call(workspaceId, call))));
  }

  private Publisher<byte[]> call(String workspaceId, Exported.Call call) {
    String callId = call.id();
    return Flux.concat(
        JsonChunks.raw("{"),
        chunks.name("call", true),
        chunks.value(Mono.just(call)),
        chunks.name("participants", false),
        chunks.array(participants(workspaceId, callId)),
        chunks.name("transcript", false),
        chunks.array(transcript(workspaceId, callId)),
        chunks.name("mindmap", false),
        chunks.value(mindmap(workspaceId, callId)),
        chunks.name("insights", false),
        chunks.array(insights(workspaceId, callId)),
        chunks.name("summary", false),
        chunks.value(summary(workspaceId, callId)),
        chunks.name("metrics", false),
        chunks.value(metrics(workspaceId, callId)),
        chunks.name("analysis", false),
        chunks.value(analysis(workspaceId, callId)),
        chunks.name("progress", false),
        chunks.array(progress(workspaceId, callId)),
        JsonChunks.raw("}"));
  }

  private GenericExecuteSpec ofCall(String sql, String workspaceId, String callId) {
    return db.sql(sql).bind("workspaceId", workspaceId).bind("callId", callId);
  }

  private Flux<Exported.Participant> participants(String workspaceId, String callId) {
    return ofCall(
            "select position, name from call_participants where workspace_id = :workspaceId"
                + " and call_id = :callId order by position",
            workspaceId,
            callId)
        .map(
            row ->
                new Exported.Participant(
                    row.get("position", Integer.class), row.get("name", String.class)))
        .all();
  }

  private Flux<Exported.Segment> transcript(String workspaceId, String callId) {
    return ofCall(
            "select sequence, segment_id, speaker, start_ms, end_ms, final_result, text"
                + " from call_transcript_segments where workspace_id = :workspaceId"
                + " and call_id = :callId order by sequence",
            workspaceId,
            callId)
        .filter((statement, next) -> next.execute(statement.fetchSize(FETCH_SIZE)))
        .map(row -> StoredSegment.read(callId, row))
        .all()
        // the first use of a workspace's keyset may read a file
        .publishOn(Schedulers.boundedElastic())
        .map(
            stored ->
                new Exported.Segment(
                    stored.sequence(),
                    stored.segmentId(),
                    stored.speaker(),
                    stored.startMs(),
                    stored.endMs(),
                    stored.finalResult(),
                    stored.decrypt(workspaceId, cipher)));
  }

  private Mono<Exported.Mindmap> mindmap(String workspaceId, String callId) {
    return ofCall(
            "select version, mindmap, analyzer, occurred_at from call_mindmaps"
                + " where workspace_id = :workspaceId and call_id = :callId",
            workspaceId,
            callId)
        .map(
            row ->
                new StoredMindmap(
                    row.get("version", Long.class),
                    row.get("analyzer", String.class),
                    row.get("occurred_at", Instant.class),
                    row.get("mindmap", byte[].class)))
        .one()
        // the first use of a workspace's keyset may read a file
        .publishOn(Schedulers.boundedElastic())
        .map(
            stored -> {
              byte[] plaintext =
                  cipher.decrypt(workspaceId, callId, Field.MINDMAP, stored.ciphertext());
              try {
                return new Exported.Mindmap(
                    stored.version(),
                    stored.analyzer(),
                    stored.updatedAt(),
                    ResultJson.readMindmap(plaintext));
              } catch (IOException e) {
                throw new UncheckedIOException("a stored mindmap is not a mindmap document", e);
              }
            });
  }

  private Flux<Exported.Insight> insights(String workspaceId, String callId) {
    return ofCall(
            "select insight_id, type, body, cited_segment_ids, analyzer, occurred_at"
                + " from call_insights where workspace_id = :workspaceId and call_id = :callId"
                + " order by occurred_at, insight_id",
            workspaceId,
            callId)
        .map(
            row ->
                new StoredInsight(
                    row.get("insight_id", String.class),
                    row.get("type", String.class),
                    List.of(row.get("cited_segment_ids", String[].class)),
                    row.get("analyzer", String.class),
                    row.get("occurred_at", Instant.class),
                    row.get("body", byte[].class)))
        .all()
        .publishOn(Schedulers.boundedElastic())
        .map(
            stored -> {
              byte[] plaintext =
                  cipher.decrypt(workspaceId, callId, Field.INSIGHT, stored.ciphertext());
              InsightBody body;
              try {
                body = ResultJson.readInsight(plaintext);
              } catch (IOException e) {
                throw new UncheckedIOException("a stored insight is not an insight document", e);
              }
              return new Exported.Insight(
                  stored.insightId(),
                  stored.type(),
                  body.text(),
                  body.owner(),
                  body.due(),
                  stored.citedSegmentIds(),
                  stored.analyzer(),
                  stored.occurredAt());
            });
  }

  private Mono<Exported.Summary> summary(String workspaceId, String callId) {
    return ofCall(
            "select version, summary, cited_segment_ids, analyzer, occurred_at"
                + " from call_summaries where workspace_id = :workspaceId and call_id = :callId",
            workspaceId,
            callId)
        .map(
            row ->
                new StoredSummary(
                    row.get("version", Long.class),
                    List.of(row.get("cited_segment_ids", String[].class)),
                    row.get("analyzer", String.class),
                    row.get("occurred_at", Instant.class),
                    row.get("summary", byte[].class)))
        .one()
        .publishOn(Schedulers.boundedElastic())
        .map(
            stored ->
                new Exported.Summary(
                    stored.version(),
                    cipher.decryptText(workspaceId, callId, Field.SUMMARY, stored.ciphertext()),
                    stored.citedSegmentIds(),
                    stored.analyzer(),
                    stored.at()));
  }

  private Mono<Exported.Metrics> metrics(String workspaceId, String callId) {
    return ofCall(
            "select talk_ms_by_speaker::text as talk_ms_by_speaker, talk_ratio,"
                + " longest_monologue_ms, questions, speaker_switches_per_minute, occurred_at"
                + " from call_metrics where workspace_id = :workspaceId and call_id = :callId",
            workspaceId,
            callId)
        .map(
            row ->
                new Exported.Metrics(
                    json.readTree(row.get("talk_ms_by_speaker", String.class)),
                    row.get("talk_ratio", Double.class),
                    row.get("longest_monologue_ms", Long.class),
                    row.get("questions", Integer.class),
                    row.get("speaker_switches_per_minute", Double.class),
                    row.get("occurred_at", Instant.class)))
        .one();
  }

  private Mono<Exported.Analysis> analysis(String workspaceId, String callId) {
    return ofCall(
            "select status, reason, analyzer, occurred_at from call_analysis"
                + " where workspace_id = :workspaceId and call_id = :callId",
            workspaceId,
            callId)
        .map(
            row ->
                new Exported.Analysis(
                    row.get("status", String.class),
                    row.get("reason", String.class),
                    row.get("analyzer", String.class),
                    row.get("occurred_at", Instant.class)))
        .one();
  }

  private Flux<Exported.Progress> progress(String workspaceId, String callId) {
    return ofCall(
            "select stage, done, total, eta_ms, occurred_at from call_progress"
                + " where workspace_id = :workspaceId and call_id = :callId order by stage",
            workspaceId,
            callId)
        .map(
            row ->
                new Exported.Progress(
                    row.get("stage", String.class),
                    row.get("done", Long.class),
                    row.get("total", Long.class),
                    row.get("eta_ms", Long.class),
                    row.get("occurred_at", Instant.class)))
        .all();
  }

  private Flux<Exported.AuditEntry> auditLog(String workspaceId) {
    return db.sql(
            "select seq, id, type, actor, source_ip, occurred_at, diff::text as diff"
                + " from audit_events where workspace_id = :workspaceId order by seq")
        .bind("workspaceId", workspaceId)
        .filter((statement, next) -> next.execute(statement.fetchSize(FETCH_SIZE)))
        .map(
            row ->
                new Exported.AuditEntry(
                    row.get("seq", Long.class),
                    row.get("id", String.class),
                    row.get("type", String.class),
                    row.get("actor", String.class),
                    row.get("source_ip", String.class),
                    row.get("occurred_at", Instant.class),
                    json.readTree(row.get("diff", String.class))))
        .all();
  }

  private static byte[] joined(List<byte[]> fragments) {
    int length = 0;
    for (byte[] fragment : fragments) {
      length += fragment.length;
    }
    byte[] chunk = new byte[length];
    int at = 0;
    for (byte[] fragment : fragments) {
      System.arraycopy(fragment, 0, chunk, at, fragment.length);
      at += fragment.length;
    }
    return chunk;
  }

  private record StoredMindmap(
      long version, String analyzer, Instant updatedAt, byte[] ciphertext) {}

  private record StoredInsight(
      String insightId,
      String type,
      List<String> citedSegmentIds,
      String analyzer,
      Instant occurredAt,
      byte[] ciphertext) {}

  private record StoredSummary(
      long version, List<String> citedSegmentIds, String analyzer, Instant at, byte[] ciphertext) {}
}
