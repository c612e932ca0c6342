package io.callstream.query.results;

import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.crypto.BlindIndex;
import io.callstream.core.crypto.CiphertextRejectedException;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.TranscriptSegment;
import io.micrometer.core.instrument.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Stores transcript segments from {@code callstream.transcript.v1} into {@code
 * call_transcript_segments}, with the blind tokens of their text, inside the transaction of the
 * {@link BatchStore}, each segment in its own workspace's {@link WorkspaceScope}. The text is
 * stored as the ciphertext that came; its plaintext lives only in memory, long enough to be
 * tokenized. Thread-safe.
 *
 * <p>Idempotent without a ledger of event ids: a row holds one revision per segment and is replaced
 * only by another revision that is final where the stored one is not, or that is as final and no
 * older; so a duplicate, a late older revision or an interim after the final changes nothing.
 *
 * <p>A segment of a call that {@code calls} does not hold, or whose text does not decrypt for its
 * workspace and call (the keyset was destroyed, or it was never this call's), is skipped with a
 * warning and counted: retrying would not change that.
 */
final class TranscriptWriter implements BatchWriter {

  private static final Logger LOG = LoggerFactory.getLogger(TranscriptWriter.class);

  private static final String UPSERT =
      """
      with known_call as (
          select 1 from calls where workspace_id = :workspaceId and id = :callId),
      stored as (
          insert into call_transcript_segments (workspace_id, call_id, sequence, segment_id,
              speaker, start_ms, end_ms, final_result, text, tokens, event_id, occurred_at)
          select :workspaceId, :callId, :sequence, :segmentId, :speaker, :startMs, :endMs,
              :finalResult, :text, :tokens, :eventId, :occurredAt
          from known_call
          on conflict (workspace_id, call_id, sequence) do update
          set segment_id = excluded.segment_id, speaker = excluded.speaker,
              start_ms = excluded.start_ms, end_ms = excluded.end_ms,
              final_result = excluded.final_result, text = excluded.text,
              tokens = excluded.tokens, event_id = excluded.event_id,
              occurred_at = excluded.occurred_at, updated_at = now()
          where excluded.event_id <> call_transcript_segments.event_id
              and (excluded.final_result, excluded.occurred_at)
                  >= (call_transcript_segments.final_result, call_transcript_segments.occurred_at)
          returning 1)
      select exists (select 1 from known_call) as known, exists (select 1 from stored) as changed
      """;

  private final DatabaseClient db;
  private final WorkspaceScope scope;
  private final FieldCipher cipher;
  private final BlindIndex index;
  private final Counter unknownCalls;
  private final Counter undecryptable;

  TranscriptWriter(
      DatabaseClient db,
      WorkspaceScope scope,
      FieldCipher cipher,
      BlindIndex index,
      Counter unknownCalls,
      Counter undecryptable) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
    this.cipher = Objects.requireNonNull(cipher, "cipher must not be null");
    this.index = Objects.requireNonNull(index, "index must not be null");
    this.unknownCalls = Objects.requireNonNull(unknownCalls, "unknownCalls must not be null");
    this.undecryptable = Objects.requireNonNull(undecryptable, "undecryptable must not be null");
  }

  @Override
  public Flux<ConsumedEvent> write(List<ConsumedEvent> batch) {
    // Decrypting and hashing may read keyset files: never on an R2DBC or Netty thread.
    return Mono.fromCallable(() -> tokenize(batch))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMapMany(segments -> Flux.fromIterable(segments).concatMap(this::apply));
  }

  /** The batch's segments with the blind tokens of their text, in batch order. */
  private List<Tokenized> tokenize(List<ConsumedEvent> batch) {
    List<Tokenized> segments = new ArrayList<>(batch.size());
    for (ConsumedEvent consumed : batch) {
      if (!(consumed.event() instanceof TranscriptSegment segment)) {
        LOG.warn(
            "ignored {} {}: not a transcript segment",
            consumed.event().type().ceType(),
            consumed.event().eventId());
        continue;
      }
      String text;
      try {
        text =
            cipher.decryptText(
                segment.workspaceId(),
                segment.callId(),
                Field.TRANSCRIPT_TEXT,
                segment.text().bytes());
      } catch (CiphertextRejectedException e) {
        undecryptable.increment();
        LOG.warn(
            "skipped segment {} at {}-{}@{}: {}",
            segment.eventId(),
            consumed.topic(),
            consumed.partition(),
            consumed.offset(),
            e.getMessage());
        continue;
      }
      segments.add(
          new Tokenized(
              consumed, segment, index.index(segment.workspaceId(), text).toArray(Long[]::new)));
    }
    return segments;
  }

  /** Emits the segment as consumed if it changed what is stored. */
  private Mono<ConsumedEvent> apply(Tokenized tokenized) {
    TranscriptSegment segment = tokenized.segment();
    return db.sql(UPSERT)
        .bind("workspaceId", segment.workspaceId())
        .bind("callId", segment.callId())
        .bind("sequence", segment.sequence())
        .bind("segmentId", segment.segmentId())
        // PostgreSQL text cannot hold NUL; ingest refuses it, other producers might not
        .bind("speaker", segment.speaker().replace('\0', '\uFFFD'))
        .bind("startMs", segment.startMs())
        .bind("endMs", segment.endMs())
        .bind("finalResult", segment.finalResult())
        .bind("text", segment.text().bytes())
        .bind("tokens", tokenized.tokens())
        .bind("eventId", segment.eventId())
        .bind("occurredAt", segment.occurredAt())
        .map(
            row ->
                new Outcome(
                    Boolean.TRUE.equals(row.get("known", Boolean.class)),
                    Boolean.TRUE.equals(row.get("changed", Boolean.class))))
        .one()
        .as(outcome -> scope.mono(segment.workspaceId(), outcome))
        .flatMap(
            outcome -> {
              if (!outcome.known()) {
                unknownCalls.increment();
                ConsumedEvent consumed = tokenized.consumed();
                LOG.warn(
                    "skipped segment {} at {}-{}@{}: workspace {} has no call {}",
                    segment.eventId(),
                    consumed.topic(),
                    consumed.partition(),
                    consumed.offset(),
                    segment.workspaceId(),
                    segment.callId());
                return Mono.empty();
              }
              return outcome.changed() ? Mono.just(tokenized.consumed()) : Mono.empty();
            });
  }

  /**
   * A segment ready to store.
   *
   * @param consumed where it was read
   * @param segment the event
   * @param tokens the blind tokens of its text
   */
  private record Tokenized(ConsumedEvent consumed, TranscriptSegment segment, Long[] tokens) {}

  /**
   * What {@link #UPSERT} found.
   *
   * @param known whether the call exists
   * @param changed whether the segment replaced or added the stored revision
   */
  private record Outcome(boolean known, boolean changed) {}
}
