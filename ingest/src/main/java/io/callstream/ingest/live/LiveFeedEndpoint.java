package io.callstream.ingest.live;

import io.callstream.ingest.call.CallRepository;
import java.util.Map;
import java.util.Objects;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/workspaces/{workspaceId}/calls/{callId}/live}: checks the call before upgrading,
 * so that a call that does not exist answers 404 and an ended call 409, as problem+json like every
 * other error, rather than a socket that opens only to close. Then hands the upgrade to Spring's
 * WebSocket service with a {@link LiveFeedSocket} of the call.
 *
 * <p>Authentication and the workspace check are the security filter chain's, as for every request
 * under {@code /v1/workspaces/{workspaceId}/}: it runs on the upgrade request like on any other.
 */
final class LiveFeedEndpoint implements WebHandler {

  /** The path, with the variables this endpoint reads. */
  static final String PATH = "/v1/workspaces/{workspaceId}/calls/{callId}/live";

  private final CallRepository calls;
  private final WebSocketService webSockets;
  private final LiveMessageReader reader;
  private final LiveSegmentFlow flow;
  private final JsonMapper json;

  LiveFeedEndpoint(
      CallRepository calls,
      WebSocketService webSockets,
      LiveMessageReader reader,
      LiveSegmentFlow flow,
      JsonMapper json) {
    this.calls = Objects.requireNonNull(calls, "calls must not be null");
    this.webSockets = Objects.requireNonNull(webSockets, "webSockets must not be null");
    this.reader = Objects.requireNonNull(reader, "reader must not be null");
    this.flow = Objects.requireNonNull(flow, "flow must not be null");
    this.json = Objects.requireNonNull(json, "json must not be null");
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange) {
    Map<String, String> variables =
        exchange.getRequiredAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    String workspaceId = Objects.requireNonNull(variables.get("workspaceId"), "workspaceId");
    String callId = Objects.requireNonNull(variables.get("callId"), "callId");
    return calls
        .requireOpen(workspaceId, callId)
        .then(
            Mono.defer(
                () ->
                    webSockets.handleRequest(
                        exchange, new LiveFeedSocket(workspaceId, callId, reader, flow, json))));
  }
}
