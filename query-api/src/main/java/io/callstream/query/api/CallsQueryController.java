package io.callstream.query.api;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Lists a workspace's calls and shows one with its analysis and progress. */
@RestController
public final class CallsQueryController {

  private final CallQueries calls;

  CallsQueryController(CallQueries calls) {
    this.calls = calls;
  }

  /**
   * Calls newest first, filtered by {@code status} ({@code open}, {@code ended}), creation time
   * ({@code from} inclusive, {@code to} exclusive) and {@code text} in the title (any case).
   */
  @GetMapping("/v1/workspaces/{workspaceId}/calls")
  public Mono<Page<CallListItem>> list(
      @PathVariable String workspaceId,
      @RequestParam(required = false) @Nullable String status,
      @RequestParam(required = false) @Nullable String from,
      @RequestParam(required = false) @Nullable String to,
      @RequestParam(required = false) @Nullable String text,
      @RequestParam(required = false) @Nullable String cursor,
      @RequestParam(required = false) @Nullable String limit) {
    var filter =
        new CallQueries.Filter(
            QueryParameters.callStatus(status),
            QueryParameters.instant("from", from),
            QueryParameters.instant("to", to),
            text == null || text.isBlank() ? null : text);
    QueryParameters.checkRange(filter.from(), filter.to());
    return calls.list(
        workspaceId,
        filter,
        QueryParameters.cursor(cursor, CallQueries.CURSOR_KIND, 1),
        QueryParameters.limit(limit));
  }

  @GetMapping("/v1/workspaces/{workspaceId}/calls/{callId}")
  public Mono<CallDetail> detail(@PathVariable String workspaceId, @PathVariable String callId) {
    return calls
        .detail(workspaceId, callId)
        .switchIfEmpty(Mono.error(() -> BadRequest.notFound("no such call in this workspace")));
  }
}
