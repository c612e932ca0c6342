package io.callstream.query.live;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The live event streams of a workspace and of one call, as Server-Sent Events. Access is the API
 * key's: another workspace's streams answer 404 before this controller runs. Errors are problems,
 * whatever the client accepts, since an event-stream client still reads the status.
 */
@RestController
final class LiveEventsController {

  private static final String LAST_EVENT_ID = "Last-Event-ID";

  private final EventStream streams;
  private final EventReplay replay;
  private final LiveFeed feed;

  LiveEventsController(EventStream streams, EventReplay replay, LiveFeed feed) {
    this.streams = Objects.requireNonNull(streams, "streams must not be null");
    this.replay = Objects.requireNonNull(replay, "replay must not be null");
    this.feed = Objects.requireNonNull(feed, "feed must not be null");
  }

  @GetMapping(
      path = "/v1/workspaces/{workspaceId}/events",
      produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
  Mono<ResponseEntity<?>> workspaceEvents(
      @PathVariable String workspaceId,
      @RequestHeader(name = LAST_EVENT_ID, required = false) @Nullable String lastEventId) {
    return open(Scope.workspace(workspaceId), lastEventId);
  }

  @GetMapping(
      path = "/v1/workspaces/{workspaceId}/calls/{callId}/events",
      produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
  Mono<ResponseEntity<?>> callEvents(
      @PathVariable String workspaceId,
      @PathVariable String callId,
      @RequestHeader(name = LAST_EVENT_ID, required = false) @Nullable String lastEventId) {
    return replay
        .hasCall(workspaceId, callId)
        .flatMap(
            known ->
                known
                    ? open(Scope.call(workspaceId, callId), lastEventId)
                    : Mono.just(problem(HttpStatus.NOT_FOUND, "no such call in this workspace")));
  }

  private Mono<ResponseEntity<?>> open(Scope scope, @Nullable String lastEventId) {
    StreamCursor after = null;
    if (lastEventId != null && !lastEventId.isBlank()) {
      try {
        after = StreamCursor.parse(lastEventId);
      } catch (IllegalArgumentException e) {
        return Mono.just(problem(HttpStatus.BAD_REQUEST, "Last-Event-ID: " + e.getMessage()));
      }
    }
    if (!feed.isListening()) {
      return Mono.just(
          ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
              .header("Retry-After", "5")
              .contentType(MediaType.APPLICATION_PROBLEM_JSON)
              .body(
                  ProblemDetail.forStatusAndDetail(
                      HttpStatus.SERVICE_UNAVAILABLE,
                      "live events are not available right now; retry shortly")));
    }
    return Mono.just(
        ResponseEntity.ok()
            .contentType(MediaType.TEXT_EVENT_STREAM)
            .cacheControl(CacheControl.noStore())
            // no proxy may buffer a live stream
            .header("X-Accel-Buffering", "no")
            .body(streams.open(scope, after)));
  }

  private static ResponseEntity<?> problem(HttpStatus status, String detail) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(ProblemDetail.forStatusAndDetail(status, detail));
  }
}
