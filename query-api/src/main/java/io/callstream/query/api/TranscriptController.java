package io.callstream.query.api;

import io.callstream.core.crypto.BlindIndex;
import io.callstream.core.crypto.SearchTokens;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A call's decrypted transcript, and search across the workspace's transcripts while they stay
 * encrypted at rest: the words of a query are matched through the workspace's blind index, and only
 * the hits are decrypted.
 */
@RestController
public final class TranscriptController {

  /** The longest query: search cost grows with its words. */
  static final int MAX_QUERY_LENGTH = 1_000;

  private final CallQueries calls;
  private final TranscriptQueries transcripts;
  private final BlindIndex index;

  TranscriptController(CallQueries calls, TranscriptQueries transcripts, BlindIndex index) {
    this.calls = calls;
    this.transcripts = transcripts;
    this.index = index;
  }

  /** The call's segments in sequence order, with cursor pagination; 404 for an unknown call. */
  @GetMapping("/v1/workspaces/{workspaceId}/calls/{callId}/transcript")
  public Mono<Page<TranscriptSegmentView>> transcript(
      @PathVariable String workspaceId,
      @PathVariable String callId,
      @RequestParam(required = false) @Nullable String cursor,
      @RequestParam(required = false) @Nullable String limit) {
    int pageSize = QueryParameters.limit(limit);
    Cursor after = QueryParameters.cursor(cursor, TranscriptQueries.TRANSCRIPT_CURSOR_KIND, 2);
    if (after != null && !after.keys().get(0).equals(callId)) {
      throw BadRequest.because("cursor belongs to another call; start again without it");
    }
    Long afterSequence = after == null ? null : TranscriptQueries.sequenceOf(after);
    return calls
        .title(workspaceId, callId)
        .switchIfEmpty(Mono.error(() -> BadRequest.notFound("no such call in this workspace")))
        .flatMap(title -> transcripts.transcript(workspaceId, callId, afterSequence, pageSize));
  }

  /**
   * Segments of the workspace's calls that hold every word of {@code q} (any case, any order, see
   * {@link SearchTokens}), newest call first, then in the order of the call.
   */
  @GetMapping("/v1/workspaces/{workspaceId}/search")
  public Mono<Page<SearchHit>> search(
      @PathVariable String workspaceId,
      @RequestParam(required = false) @Nullable String q,
      @RequestParam(required = false) @Nullable String cursor,
      @RequestParam(required = false) @Nullable String limit) {
    if (q == null || q.isBlank()) {
      throw BadRequest.because("q must name the words to search for");
    }
    if (q.length() > MAX_QUERY_LENGTH) {
      throw BadRequest.because("q must be at most " + MAX_QUERY_LENGTH + " characters long");
    }
    if (SearchTokens.of(q).isEmpty()) {
      throw BadRequest.because(
          "q must hold a word of at least " + SearchTokens.MIN_LENGTH + " letters or digits");
    }
    int pageSize = QueryParameters.limit(limit);
    Cursor after = QueryParameters.cursor(cursor, TranscriptQueries.SEARCH_CURSOR_KIND, 2);
    if (after != null) {
      TranscriptQueries.sequenceOf(after);
    }
    // The first use of the workspace's search key may read its keyset file: off the event loop.
    return Mono.fromCallable(() -> index.lookup(workspaceId, q))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            tokens ->
                tokens.isEmpty()
                    // the workspace never indexed a transcript
                    ? Mono.just(new Page<SearchHit>(List.of(), null))
                    : transcripts.search(workspaceId, q, tokens.get(), after, pageSize));
  }
}
