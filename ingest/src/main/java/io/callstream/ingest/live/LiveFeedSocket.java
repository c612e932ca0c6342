package io.callstream.ingest.live;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.concurrent.Queues;
import tools.jackson.databind.json.JsonMapper;

/**
 * One live WebSocket of one call: each text message a segment message (or {@code {"end": true}}),
 * each answered with a {@link LiveReply} as a text message, in order. After the call has ended
 * through this socket the socket closes normally; an error leaves it open. A binary message (400),
 * a text message that is not UTF-8 (400) or one longer than {@value
 * LiveMessageReader#MAX_MESSAGE_BYTES} bytes (413) is answered with an error like any bad message.
 *
 * <p>Speaks the subprotocol {@value #PROTOCOL}; a browser offers it next to its API key (see {@link
 * WebSocketKeyFilter}), and it is the one the server selects, so the key is never echoed.
 */
final class LiveFeedSocket implements WebSocketHandler {

  /** The subprotocol of live feeds. */
  static final String PROTOCOL = "callstream.live.v1";

  private static final CloseStatus CALL_ENDED = CloseStatus.NORMAL.withReason("call ended");

  private final String workspaceId;
  private final String callId;
  private final LiveMessageReader reader;
  private final LiveSegmentFlow flow;
  private final JsonMapper json;

  LiveFeedSocket(
      String workspaceId,
      String callId,
      LiveMessageReader reader,
      LiveSegmentFlow flow,
      JsonMapper json) {
    this.workspaceId = Objects.requireNonNull(workspaceId, "workspaceId must not be null");
    this.callId = Objects.requireNonNull(callId, "callId must not be null");
    this.reader = Objects.requireNonNull(reader, "reader must not be null");
    this.flow = Objects.requireNonNull(flow, "flow must not be null");
    this.json = Objects.requireNonNull(json, "json must not be null");
  }

  @Override
  public List<String> getSubProtocols() {
    return List.of(PROTOCOL);
  }

  @Override
  public Mono<Void> handle(WebSocketSession session) {
    Flux<LiveMessage> messages =
        session
            .receive()
            .index((index, message) -> read(Position.message(index + 1), message))
            // Once the call has ended the replies stop, which cancels the messages. The socket's
            // inbound must not see that cancel: Reactor Netty would close the socket at once,
            // without a status, before the reply and the normal close below went out.
            .publish(Queues.XS_BUFFER_SIZE)
            .autoConnect();
    AtomicBoolean ended = new AtomicBoolean();
    Flux<WebSocketMessage> replies =
        flow.replies(workspaceId, callId, messages)
            .takeUntil(LiveReply.Ended.class::isInstance)
            .doOnNext(
                reply -> {
                  if (reply instanceof LiveReply.Ended) {
                    ended.set(true);
                  }
                })
            .map(reply -> session.textMessage(json.writeValueAsString(reply)));
    // Once the call has ended, say so with a normal close, after the last reply is out.
    return session
        .send(replies)
        .then(Mono.defer(() -> ended.get() ? session.close(CALL_ENDED) : Mono.empty()));
  }

  private LiveMessage read(Position position, WebSocketMessage message) {
    if (message.getType() != WebSocketMessage.Type.TEXT) {
      return new LiveMessage.Unreadable(
          position,
          null,
          null,
          HttpStatus.BAD_REQUEST,
          "is a "
              + message.getType().name().toLowerCase(Locale.ROOT)
              + " message; send segment messages as text");
    }
    int bytes = message.getPayload().readableByteCount();
    if (bytes > LiveMessageReader.MAX_MESSAGE_BYTES) {
      // Dropped here, before batching, so that big messages never pile up behind a slow Kafka.
      return new LiveMessage.Unreadable(
          position,
          null,
          null,
          HttpStatus.CONTENT_TOO_LARGE,
          "is "
              + bytes
              + " bytes long; a message may have at most "
              + LiveMessageReader.MAX_MESSAGE_BYTES);
    }
    byte[] utf8 = new byte[bytes];
    message.getPayload().read(utf8);
    return reader.read(position, utf8);
  }
}
