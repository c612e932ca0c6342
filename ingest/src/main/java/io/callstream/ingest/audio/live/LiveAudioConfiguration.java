package io.callstream.ingest.audio.live;

import io.callstream.ingest.audio.AudioUploads;
import io.callstream.ingest.call.CallRepository;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import tools.jackson.databind.json.JsonMapper;

/** The live audio socket, mapped like the live segment socket. */
@Configuration(proxyBeanMethods = false)
class LiveAudioConfiguration {

  /**
   * Maps the socket ahead of the annotated controllers, with the WebSocket service of Spring's own
   * handler adapter, so there is one upgrade strategy in the process.
   */
  @Bean
  SimpleUrlHandlerMapping liveAudioMapping(
      CallRepository calls,
      AudioUploads audio,
      WebSocketHandlerAdapter webSocketHandlerAdapter,
      JsonMapper json) {
    LiveAudioEndpoint endpoint =
        new LiveAudioEndpoint(calls, audio, webSocketHandlerAdapter.getWebSocketService(), json);
    return new SimpleUrlHandlerMapping(Map.of(LiveAudioEndpoint.PATH, endpoint), -1);
  }
}
