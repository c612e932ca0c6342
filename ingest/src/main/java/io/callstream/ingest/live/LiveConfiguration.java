package io.callstream.ingest.live;

import io.callstream.ingest.call.CallEnding;
import io.callstream.ingest.call.CallRepository;
import io.callstream.ingest.segment.SegmentIntake;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live feeds: the WebSocket endpoint, its key filter, and what it shares with the NDJSON upload.
 */
@Configuration(proxyBeanMethods = false)
class LiveConfiguration {

  @Bean
  LiveMessageReader liveMessageReader(JsonMapper json) {
    return new LiveMessageReader(json);
  }

  @Bean
  LiveSegmentFlow liveSegmentFlow(SegmentIntake intake, CallEnding ending) {
    return LiveSegmentFlow.of(intake, ending);
  }

  /**
   * Maps the live WebSocket ahead of the annotated controllers. The WebSocket service is the one of
   * Spring's own WebSocket handler adapter, so there is one upgrade strategy in the process.
   */
  @Bean
  SimpleUrlHandlerMapping liveFeedMapping(
      CallRepository calls,
      WebSocketHandlerAdapter webSocketHandlerAdapter,
      LiveMessageReader reader,
      LiveSegmentFlow flow,
      JsonMapper json) {
    LiveFeedEndpoint endpoint =
        new LiveFeedEndpoint(
            calls, webSocketHandlerAdapter.getWebSocketService(), reader, flow, json);
    return new SimpleUrlHandlerMapping(Map.of(LiveFeedEndpoint.PATH, endpoint), -1);
  }

  @Bean
  WebSocketKeyFilter webSocketKeyFilter() {
    return new WebSocketKeyFilter();
  }
}
