package io.callstream.query.privacy.rectification;

import io.callstream.api.audit.Actor;
import io.callstream.api.audit.AuditLog;
import io.callstream.api.audit.AuditType;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Ciphertext;
import io.callstream.core.event.EventJson;
import io.callstream.core.event.EventType;
import io.callstream.core.event.InsightDetected;
import io.callstream.core.event.InsightType;
import io.callstream.core.event.MetricsUpdated;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.result.InsightBody;
import io.callstream.core.result.ResultJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Corrects what is stored about a call, each correction in one scoped transaction with its audit
 * entry ({@code CALL_RECTIFIED}: ids and the kind of change, never names or text).
 *
 * <p>A speaker is renamed in the transcript segments, the participant list, the keys of the talk
 * time metrics and the stored live events an SSE stream replays. An insight's text is re-encrypted
 * with the associated data of its workspace, call and field, in {@code call_insights} and in the
 * stored live events. The Kafka topics keep what was sent: records there are immutable, age out
 * with the topics' retention, and become unreadable with the workspace's keyset. Thread-safe.
 */
public final class Rectification {

  private static final String CALL_EXISTS =
      "select id from calls where workspace_id = :workspaceId and id = :callId";

  private static final String RENAME_IN_SEGMENTS =
      "update call_transcript_segments set speaker = :to, updated_at = now()"
          + " where workspace_id = :workspaceId and call_id = :callId and speaker = :from";

  private static final String RENAME_IN_PARTICIPANTS =
      "update call_participants set name = :to"
          + " where workspace_id = :workspaceId and call_id = :callId and name = :from";

  /** Moves the old name's talk time to the new name, adding to what the new name had. */
  private static final String RENAME_IN_METRICS =
      "update call_metrics set talk_ms_by_speaker = (talk_ms_by_speaker - cast(:from as text))"
          + " || jsonb_build_object(cast(:to as text),"
          + " coalesce((talk_ms_by_speaker ->> cast(:to as text))::bigint, 0)"
          + " + (talk_ms_by_speaker ->> cast(:from as text))::bigint), updated_at = now()"
          + " where workspace_id = :workspaceId and call_id = :callId"
          + " and jsonb_exists(talk_ms_by_speaker, cast(:from as text))";

  private static final String LIVE_EVENTS =
      "select topic, partition, kafka_offset, type, event from live_events"
          + " where workspace_id = :workspaceId and call_id = :callId and type = any(:types)";

  private static final String REWRITE_LIVE_EVENT =
      "update live_events set event = :event where workspace_id = :workspaceId"
          + " and topic = :topic and partition = :partition and kafka_offset = :offset";

  private static final String INSIGHT =
      "select type, body from call_insights where workspace_id = :workspaceId"
          + " and call_id = :callId and insight_id = :insightId";

  private static final String UPDATE_INSIGHT =
      "update call_insights set body = :body, updated_at = now() where workspace_id ="
          + " :workspaceId and call_id = :callId and insight_id = :insightId";

  private final DatabaseClient db;
  private final WorkspaceScope scope;
  private final AuditLog audit;
  private final FieldCipher cipher;

  public Rectification(
      DatabaseClient db, WorkspaceScope scope, AuditLog audit, FieldCipher cipher) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
    this.audit = Objects.requireNonNull(audit, "audit must not be null");
    this.cipher = Objects.requireNonNull(cipher, "cipher must not be null");
  }

  /**
   * Renames speaker {@code from} to {@code to} everywhere it is stored for the call.
   *
   * @return what changed; empty when the workspace has no such call
   */
  public Mono<SpeakerRenamed> renameSpeaker(
      String workspaceId, String callId, String from, String to, Actor actor) {
    Objects.requireNonNull(from, "from must not be null");
    Objects.requireNonNull(to, "to must not be null");
    Objects.requireNonNull(actor, "actor must not be null");
    Mono<SpeakerRenamed> work =
        callExists(workspaceId, callId)
            .flatMap(
                exists ->
                    // one after another: one connection serves the transaction
                    Flux.concat(
                            rename(RENAME_IN_SEGMENTS, workspaceId, callId, from, to),
                            rename(RENAME_IN_PARTICIPANTS, workspaceId, callId, from, to),
                            rename(RENAME_IN_METRICS, workspaceId, callId, from, to),
                            rewriteLiveEvents(
                                workspaceId,
                                callId,
                                List.of(EventType.TRANSCRIPT_SEGMENT, EventType.METRICS_UPDATED),
                                event -> renamed(event, from, to)))
                        .collectList())
            .map(
                counts ->
                    new SpeakerRenamed(
                        callId, counts.get(0), counts.get(1), counts.get(2), counts.get(3)))
            .flatMap(
                renamed ->
                    !renamed.changedAnything()
                        ? Mono.just(renamed)
                        : audit
                            .record(
                                workspaceId,
                                AuditType.CALL_RECTIFIED,
                                actor,
                                Map.of(
                                    "callId",
                                    callId,
                                    "change",
                                    "speaker_renamed",
                                    "segments",
                                    renamed.segments(),
                                    "participants",
                                    renamed.participants()))
                            .thenReturn(renamed));
    return scope.mono(workspaceId, work);
  }

  /**
   * Replaces the text of an insight, keeping its type, owner and due date.
   *
   * @return the insight as it now reads; empty when the call has no such insight
   */
  public Mono<EditedInsight> editInsight(
      String workspaceId, String callId, String insightId, String text, Actor actor) {
    Objects.requireNonNull(insightId, "insightId must not be null");
    Objects.requireNonNull(text, "text must not be null");
    Objects.requireNonNull(actor, "actor must not be null");
    Mono<EditedInsight> work =
        db.sql(INSIGHT)
            .bind("workspaceId", workspaceId)
            .bind("callId", callId)
            .bind("insightId", insightId)
            .map(
                row ->
                    new StoredInsight(
                        InsightType.valueOf(row.get("type", String.class)),
                        row.get("body", byte[].class)))
            .one()
            // the first use of a workspace's keyset may read a file
            .publishOn(Schedulers.boundedElastic())
            .map(stored -> reseal(workspaceId, callId, insightId, stored, text))
            .flatMap(
                resealed ->
                    db.sql(UPDATE_INSIGHT)
                        .bind("body", resealed.ciphertext())
                        .bind("workspaceId", workspaceId)
                        .bind("callId", callId)
                        .bind("insightId", insightId)
                        .then()
                        .then(
                            rewriteLiveEvents(
                                workspaceId,
                                callId,
                                List.of(EventType.INSIGHT_DETECTED),
                                event -> withBody(event, insightId, resealed.ciphertext())))
                        .then(
                            audit.record(
                                workspaceId,
                                AuditType.CALL_RECTIFIED,
                                actor,
                                Map.of(
                                    "callId", callId,
                                    "insightId", insightId,
                                    "change", "insight_text")))
                        .thenReturn(resealed.insight()));
    return scope.mono(workspaceId, work);
  }

  private Mono<Boolean> callExists(String workspaceId, String callId) {
    return db.sql(CALL_EXISTS)
        .bind("workspaceId", workspaceId)
        .bind("callId", callId)
        .map(row -> Boolean.TRUE)
        .one();
  }

  private Mono<Long> rename(String sql, String workspaceId, String callId, String from, String to) {
    return db.sql(sql)
        .bind("workspaceId", workspaceId)
        .bind("callId", callId)
        .bind("from", from)
        .bind("to", to)
        .fetch()
        .rowsUpdated();
  }

  /**
   * Rewrites the call's stored live events of {@code types} that {@code change} changes (it returns
   * null for one it leaves alone); emits how many it rewrote. The rows are read whole before any is
   * written: one connection serves the transaction.
   */
  private Mono<Long> rewriteLiveEvents(
      String workspaceId,
      String callId,
      List<EventType> types,
      Function<CallstreamEvent, @Nullable CallstreamEvent> change) {
    return db.sql(LIVE_EVENTS)
        .bind("workspaceId", workspaceId)
        .bind("callId", callId)
        .bind("types", types.stream().map(EventType::ceType).toArray(String[]::new))
        .map(
            row ->
                new LiveEventRow(
                    row.get("topic", String.class),
                    row.get("partition", Integer.class),
                    row.get("kafka_offset", Long.class),
                    row.get("type", String.class),
                    row.get("event", byte[].class)))
        .all()
        .collectList()
        .flatMapMany(Flux::fromIterable)
        .concatMap(
            row -> {
              CallstreamEvent stored = row.decode();
              CallstreamEvent changed = stored == null ? null : change.apply(stored);
              if (changed == null) {
                return Mono.just(0L);
              }
              return db.sql(REWRITE_LIVE_EVENT)
                  .bind("event", EventJson.write(changed))
                  .bind("workspaceId", workspaceId)
                  .bind("topic", row.topic())
                  .bind("partition", row.partition())
                  .bind("offset", row.offset())
                  .fetch()
                  .rowsUpdated();
            })
        .reduce(0L, Long::sum);
  }

  /**
   * The event with speaker {@code from} named {@code to}; null if it does not name {@code from}.
   */
  private static @Nullable CallstreamEvent renamed(CallstreamEvent event, String from, String to) {
    if (event instanceof TranscriptSegment segment && segment.speaker().equals(from)) {
      return new TranscriptSegment(
          segment.eventId(),
          segment.workspaceId(),
          segment.callId(),
          segment.occurredAt(),
          segment.segmentId(),
          segment.sequence(),
          to,
          segment.startMs(),
          segment.endMs(),
          segment.text(),
          segment.finalResult());
    }
    if (event instanceof MetricsUpdated metrics && metrics.talkMsBySpeaker().containsKey(from)) {
      Map<String, Long> talk = new LinkedHashMap<>(metrics.talkMsBySpeaker());
      long moved = talk.remove(from);
      talk.merge(to, moved, Long::sum);
      return new MetricsUpdated(
          metrics.eventId(),
          metrics.workspaceId(),
          metrics.callId(),
          metrics.occurredAt(),
          talk,
          metrics.talkRatio(),
          metrics.longestMonologueMs(),
          metrics.questions(),
          metrics.speakerSwitchesPerMinute());
    }
    return null;
  }

  /** The insight event of {@code insightId} with {@code body}; null for any other event. */
  private static @Nullable CallstreamEvent withBody(
      CallstreamEvent event, String insightId, byte[] body) {
    if (event instanceof InsightDetected insight && insight.insightId().equals(insightId)) {
      return new InsightDetected(
          insight.eventId(),
          insight.workspaceId(),
          insight.callId(),
          insight.occurredAt(),
          insight.insightId(),
          insight.insightType(),
          Ciphertext.of(body),
          insight.citedSegmentIds(),
          insight.analyzer());
    }
    return null;
  }

  private Resealed reseal(
      String workspaceId, String callId, String insightId, StoredInsight stored, String text) {
    InsightBody old;
    try {
      old =
          ResultJson.readInsight(
              cipher.decrypt(workspaceId, callId, Field.INSIGHT, stored.ciphertext()));
    } catch (IOException e) {
      throw new UncheckedIOException("a stored insight is not an insight document", e);
    }
    InsightBody body = new InsightBody(text, old.owner(), old.due());
    byte[] ciphertext = cipher.encrypt(workspaceId, callId, Field.INSIGHT, ResultJson.write(body));
    return new Resealed(
        ciphertext,
        new EditedInsight(insightId, callId, stored.type(), text, body.owner(), body.due()));
  }

  private record StoredInsight(InsightType type, byte[] ciphertext) {}

  private record Resealed(byte[] ciphertext, EditedInsight insight) {}

  private record LiveEventRow(String topic, int partition, long offset, String type, byte[] event) {

    @Nullable CallstreamEvent decode() {
      EventType eventType = EventType.fromCeType(type).orElse(null);
      if (eventType == null) {
        return null;
      }
      try {
        return EventJson.read(event, eventType);
      } catch (IOException e) {
        throw new UncheckedIOException("a stored live event does not read as " + type, e);
      }
    }
  }
}
