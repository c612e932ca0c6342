package io.callstream.ingest.live;

import io.callstream.ingest.testing.RunningIngest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;

/**
 * A real WebSocket client of the live feed (Reactor Netty), driven by the test: it sends what the
 * test gives it and replays every reply to {@link #replies()}, which completes when the server
 * closes the socket and fails if the handshake is refused. Thread-safe.
 */
final class LiveSocket implements AutoCloseable {

  /** What to send: a {@code String} as a text message, {@link Frame} for anything else. */
  private final Sinks.Many<Object> outbound = Sinks.many().unicast().onBackpressureBuffer();

  private final Sinks.Many<String> inbound = Sinks.many().replay().all();
  private final Sinks.One<String> protocol = Sinks.one();
  private final Sinks.One<CloseStatus> closeStatus = Sinks.one();
  private final Disposable connection;

  private LiveSocket(URI uri, HttpHeaders headers, List<String> protocols) {
    WebSocketHandler handler =
        new WebSocketHandler() {
          @Override
          public List<String> getSubProtocols() {
            return protocols;
          }

          @Override
          public Mono<Void> handle(WebSocketSession session) {
            String selected = session.getHandshakeInfo().getSubProtocol();
            protocol.tryEmitValue(selected == null ? "" : selected);
            session.closeStatus().subscribe(closeStatus::tryEmitValue);
            Mono<Void> receiving =
                session
                    .receive()
                    .map(WebSocketMessage::getPayloadAsText)
                    .doOnNext(inbound::tryEmitNext)
                    .then();
            // Done when the server closes: stop sending then.
            return receiving.or(
                session.send(outbound.asFlux().map(message -> message(session, message))));
          }
        };
    this.connection =
        new ReactorNettyWebSocketClient()
            .execute(uri, headers, handler)
            .subscribe(done -> {}, inbound::tryEmitError, inbound::tryEmitComplete);
  }

  /** Connects with {@code Authorization: Bearer <key>}, offering the live subprotocol. */
  static LiveSocket withHeader(RunningIngest ingest, String path, String bearer) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.AUTHORIZATION, bearer);
    return new LiveSocket(uri(ingest, path), headers, List.of(LiveFeedSocket.PROTOCOL));
  }

  /** Connects the way a browser does: the key offered as a subprotocol next to the live one. */
  static LiveSocket withProtocolKey(RunningIngest ingest, String path, String apiKey) {
    return new LiveSocket(
        uri(ingest, path),
        new HttpHeaders(),
        List.of(LiveFeedSocket.PROTOCOL, WebSocketKeyFilter.BEARER_PROTOCOL + apiKey));
  }

  /** Connects with no key at all. */
  static LiveSocket anonymous(RunningIngest ingest, String path) {
    return new LiveSocket(uri(ingest, path), new HttpHeaders(), List.of(LiveFeedSocket.PROTOCOL));
  }

  /** Sends {@code message} as a text message. */
  LiveSocket send(String... messages) {
    for (String message : messages) {
      emit(message);
    }
    return this;
  }

  /** Sends {@code payload} as it is in a message of {@code type}, UTF-8 or not. */
  LiveSocket sendRaw(WebSocketMessage.Type type, byte[] payload) {
    emit(new Frame(type, payload.clone()));
    return this;
  }

  private void emit(Object message) {
    outbound.emitNext(message, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(5)));
  }

  private static WebSocketMessage message(WebSocketSession session, Object message) {
    if (message instanceof Frame frame) {
      return new WebSocketMessage(frame.type(), session.bufferFactory().wrap(frame.payload()));
    }
    return session.textMessage((String) message);
  }

  /** A message given as bytes. */
  private record Frame(WebSocketMessage.Type type, byte[] payload) {}

  /** Every reply from the first, as JSON; completes when the server closes the socket. */
  Flux<JsonNode> replies() {
    return inbound.asFlux().map(LiveFixtures::json);
  }

  /** The subprotocol the server selected ({@code ""} for none), once the socket is open. */
  String selectedProtocol() {
    return protocol.asMono().block(RunningIngest.PATIENCE);
  }

  /** How the socket was closed, once it is. */
  CloseStatus closeStatus() {
    return closeStatus.asMono().block(RunningIngest.PATIENCE);
  }

  @Override
  public void close() {
    outbound.tryEmitComplete();
    connection.dispose();
  }

  private static URI uri(RunningIngest ingest, String path) {
    return URI.create("ws://localhost:" + ingest.baseUrl().getPort() + path);
  }
}
