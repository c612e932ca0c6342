package io.callstream.query.api;

import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.crypto.SearchTokens;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reads a workspace's stored transcripts and searches them through the blind index, decrypting what
 * it answers. Every query runs in the workspace's {@link WorkspaceScope} and names the workspace
 * id; decryption runs after its transaction. Decryption runs on the bounded-elastic scheduler: the
 * first use of a workspace's keyset may read a file. Thread-safe.
 */
final class TranscriptQueries {

  static final String TRANSCRIPT_CURSOR_KIND = "transcript";
  static final String SEARCH_CURSOR_KIND = "search";

  /** A transcript is ordered by sequence alone; its cursors carry this in place of a time. */
  static final Instant NO_TIME = Instant.EPOCH;

  private final DatabaseClient db;
  private final WorkspaceScope scope;
  private final FieldCipher cipher;

  TranscriptQueries(DatabaseClient db, WorkspaceScope scope, FieldCipher cipher) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
    this.cipher = Objects.requireNonNull(cipher, "cipher must not be null");
  }

  /** A page of the call's segments in sequence order, after sequence {@code after} if given. */
  Mono<Page<TranscriptSegmentView>> transcript(
      String workspaceId, String callId, @Nullable Long after, int limit) {
    GenericExecuteSpec select =
        db.sql(
                "select sequence, segment_id, speaker, start_ms, end_ms, final_result, text"
                    + " from call_transcript_segments"
                    + " where workspace_id = :workspaceId and call_id = :callId"
                    + " and sequence > :after order by sequence limit :limit")
            .bind("workspaceId", workspaceId)
            .bind("callId", callId)
            .bind("after", after == null ? -1L : after)
            .bind("limit", limit + 1);
    return select
        .map(row -> StoredSegment.read(callId, row))
        .all()
        .as(found -> scope.flux(workspaceId, found))
        .publishOn(Schedulers.boundedElastic())
        .map(
            stored ->
                new TranscriptSegmentView(
                    callId,
                    stored.segmentId(),
                    stored.sequence(),
                    stored.speaker(),
                    stored.startMs(),
                    stored.endMs(),
                    stored.decrypt(workspaceId, cipher),
                    stored.finalResult()))
        .collectList()
        .map(
            rows ->
                Page.of(
                    rows,
                    limit,
                    segment ->
                        Cursor.of(
                                TRANSCRIPT_CURSOR_KIND,
                                NO_TIME,
                                callId,
                                Long.toString(segment.sequence()))
                            .encode()));
  }

  /**
   * A page of the workspace's segments whose blind tokens hold every one of {@code tokens}, newest
   * call first (ties by call id), then in sequence order; each decrypted and kept only if its
   * plaintext holds every token of {@code query}, which drops the rare false match of truncated
   * tokens. So a page may hold fewer than {@code limit} hits while a next one exists.
   *
   * @param tokens the blind tokens of {@code query}, never empty
   * @param after the cursor of the last page: the call's creation time, its id and a sequence
   */
  Mono<Page<SearchHit>> search(
      String workspaceId, String query, List<Long> tokens, @Nullable Cursor after, int limit) {
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("tokens must not be empty: they would match everything");
    }
    StringBuilder sql =
        new StringBuilder(
            "select s.call_id, c.title, c.created_at, s.sequence, s.segment_id, s.speaker,"
                + " s.start_ms, s.end_ms, s.final_result, s.text"
                + " from call_transcript_segments s join calls c"
                + " on c.workspace_id = s.workspace_id and c.id = s.call_id"
                + " where s.workspace_id = :workspaceId and s.tokens @> :tokens");
    if (after != null) {
      sql.append(
          " and (c.created_at < :afterTime or (c.created_at = :afterTime and (c.id < :afterCall"
              + " or (c.id = :afterCall and s.sequence > :afterSequence))))");
    }
    sql.append(" order by c.created_at desc, c.id desc, s.sequence limit :limit");
    GenericExecuteSpec select =
        db.sql(sql.toString())
            .bind("workspaceId", workspaceId)
            .bind("tokens", tokens.toArray(Long[]::new))
            .bind("limit", limit + 1);
    if (after != null) {
      select =
          select
              .bind("afterTime", after.time())
              .bind("afterCall", after.keys().get(0))
              .bind("afterSequence", sequenceOf(after));
    }
    return select
        .map(
            row ->
                new Candidate(
                    row.get("title", String.class),
                    row.get("created_at", Instant.class),
                    StoredSegment.read(row.get("call_id", String.class), row)))
        .all()
        .collectList()
        .as(found -> scope.mono(workspaceId, found))
        .publishOn(Schedulers.boundedElastic())
        .map(fetched -> hits(workspaceId, query, fetched, limit));
  }

  /** The sequence a cursor of {@link #SEARCH_CURSOR_KIND} or the transcript carries. */
  static long sequenceOf(Cursor cursor) {
    try {
      return Long.parseLong(cursor.keys().get(1));
    } catch (NumberFormatException e) {
      throw BadRequest.because("cursor is not one this list gave out; start again without it");
    }
  }

  private Page<SearchHit> hits(
      String workspaceId, String query, List<Candidate> fetched, int limit) {
    List<Candidate> candidates = fetched.subList(0, Math.min(limit, fetched.size()));
    List<SearchHit> hits =
        candidates.stream()
            .map(candidate -> candidate.hit(workspaceId, cipher))
            .filter(hit -> SearchTokens.containsAll(hit.text(), query))
            .toList();
    if (fetched.size() <= limit) {
      return new Page<>(hits, null);
    }
    // After the last row looked at, kept or not.
    Candidate last = candidates.get(candidates.size() - 1);
    return new Page<>(
        hits,
        Cursor.of(
                SEARCH_CURSOR_KIND,
                last.callCreatedAt(),
                last.segment().callId(),
                Long.toString(last.segment().sequence()))
            .encode());
  }

  /** A segment the blind index matched, with its call's title and creation time. */
  private record Candidate(String callTitle, Instant callCreatedAt, StoredSegment segment) {

    SearchHit hit(String workspaceId, FieldCipher cipher) {
      return new SearchHit(
          segment.callId(),
          callTitle,
          segment.segmentId(),
          segment.sequence(),
          segment.speaker(),
          segment.startMs(),
          segment.endMs(),
          segment.decrypt(workspaceId, cipher));
    }
  }
}
