package io.callstream.query.api;

import io.callstream.core.crypto.BlindIndex;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Lists a workspace's calls and shows one with its analysis and progress. */
@RestController
public final class CallsQueryController {

  private final CallQueries calls;
  private final BlindIndex index;

  CallsQueryController(CallQueries calls, BlindIndex index) {
    this.calls = calls;
    this.index = index;
  }

  /**
   * Calls newest first, filtered by {@code status} ({@code open}, {@code ended}), creation time
   * ({@code from} inclusive, {@code to} exclusive), {@code text} (in the title, any case; or every
   * word of it in one segment of the transcript, as search matches them) and {@code participant}
   * (the start of a participant's name, any case: {@code ana} finds Ana Lopez).
   */
  @GetMapping("/v1/workspaces/{workspaceId}/calls")
  public Mono<Page<CallListItem>> list(
      @PathVariable String workspaceId,
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(required = false) @Nullable String from,
      @RequestParam(required = false) @Nullable String to,
      @RequestParam(required = false) @Nullable String text,
      @RequestParam(required = false) @Nullable String participant,
      @RequestParam(required = false) @Nullable String cursor,
      @RequestParam(required = false) @Nullable String limit) {
    String callStatus = QueryParameters.callStatus(status);
    Instant createdFrom = QueryParameters.instant("from", from);
    Instant createdTo = QueryParameters.instant("to", to);
    QueryParameters.checkRange(createdFrom, createdTo);
    String words = text == null || text.isBlank() ? null : text;
    if (words != null && words.length() > TranscriptController.MAX_QUERY_LENGTH) {
      throw BadRequest.because(
          "text must be at most " + TranscriptController.MAX_QUERY_LENGTH + " characters long");
    }
    String name = participant == null || participant.isBlank() ? null : participant.strip();
    Cursor after = QueryParameters.cursor(cursor, CallQueries.CURSOR_KIND, 1);
    int pageSize = QueryParameters.limit(limit);
    // The first use of the workspace's search key may read its keyset file: off the event loop.
    Mono<Optional<List<Long>>> textTokens =
        words == null
            ? Mono.just(Optional.empty())
            : Mono.fromCallable(() -> index.lookup(workspaceId, words))
                .subscribeOn(Schedulers.boundedElastic());
    return textTokens.flatMap(
        tokens ->
            calls.list(
                workspaceId,
                new CallQueries.Filter(
                    callStatus, createdFrom, createdTo, words, tokens.orElse(null), name),
                after,
                pageSize));
  }

  @GetMapping("/v1/workspaces/{workspaceId}/calls/{callId}")
  public Mono<CallDetail> detail(@PathVariable String workspaceId, @PathVariable String callId) {
    return calls
        .detail(workspaceId, callId)
        .switchIfEmpty(Mono.error(() -> BadRequest.notFound("no such call in this workspace")));
  }
}
