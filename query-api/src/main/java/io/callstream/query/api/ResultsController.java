package io.callstream.query.api;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * A call's decrypted results (mindmap, insights, summary, metrics) and insights across the
 * workspace's calls. A result not there yet answers 404, like a call that is not.
 */
@RestController
public final class ResultsController {

  private final CallQueries calls;
  private final ResultQueries results;

  ResultsController(CallQueries calls, ResultQueries results) {
    this.calls = calls;
    this.results = results;
  }

  @GetMapping("/v1/workspaces/{workspaceId}/calls/{callId}/mindmap")
  public Mono<MindmapView> mindmap(@PathVariable String workspaceId, @PathVariable String callId) {
    return results.mindmap(workspaceId, callId).switchIfEmpty(notYet("mindmap"));
  }

  @GetMapping("/v1/workspaces/{workspaceId}/calls/{callId}/summary")
  public Mono<SummaryView> summary(@PathVariable String workspaceId, @PathVariable String callId) {
    return results.summary(workspaceId, callId).switchIfEmpty(notYet("summary"));
  }

  @GetMapping("/v1/workspaces/{workspaceId}/calls/{callId}/metrics")
  public Mono<MetricsView> metrics(@PathVariable String workspaceId, @PathVariable String callId) {
    return results.metrics(workspaceId, callId).switchIfEmpty(notYet("metrics"));
  }

  /** All insights of one call, in the order they came up (one page: a call has few). */
  @GetMapping("/v1/workspaces/{workspaceId}/calls/{callId}/insights")
  public Mono<Page<InsightView>> insightsOfCall(
      @PathVariable String workspaceId, @PathVariable String callId) {
    return calls
        .title(workspaceId, callId)
        .switchIfEmpty(Mono.error(() -> BadRequest.notFound("no such call in this workspace")))
        .flatMap(
            title ->
                results
                    .insightsOfCall(workspaceId, callId)
                    .collectList()
                    .map(items -> new Page<>(items, null)));
  }

  /**
   * Insights across the workspace's calls, newest first, filtered by {@code type} and by when they
   * were found ({@code from} inclusive, {@code to} exclusive): "all action items of the last 7
   * days".
   */
  @GetMapping("/v1/workspaces/{workspaceId}/insights")
  public Mono<Page<InsightView>> insights(
      @PathVariable String workspaceId,
      @RequestParam(required = false) @Nullable String type,
      @RequestParam(required = false) @Nullable String from,
      @RequestParam(required = false) @Nullable String to,
      @RequestParam(required = false) @Nullable String cursor,
      @RequestParam(required = false) @Nullable String limit) {
    var filter =
        new ResultQueries.InsightFilter(
            QueryParameters.insightType(type),
            QueryParameters.instant("from", from),
            QueryParameters.instant("to", to));
    QueryParameters.checkRange(filter.from(), filter.to());
    return results.insights(
        workspaceId,
        filter,
        QueryParameters.cursor(cursor, ResultQueries.INSIGHTS_CURSOR_KIND, 2),
        QueryParameters.limit(limit));
  }

  private static <T> Mono<T> notYet(String what) {
    return Mono.error(
        () -> BadRequest.notFound("no " + what + " for this call in this workspace (yet)"));
  }
}
