package io.callstream.ingest.audio.live;

import io.callstream.ingest.audio.AudioFeed;
import io.callstream.ingest.audio.UploadState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One live audio socket of one call, holding its {@link AudioFeed} from the upgrade until the
 * socket ends, and releasing it then. Binary messages are audio, handed to the feed one after
 * another: the next message is read only once the chunks the previous one completed are in Kafka,
 * so a client that sends faster than Kafka takes is slowed down by TCP. Each chunk stored is
 * answered {@code {"type": "stored"}}; the text message {@code {"type": "end"}}, or a close with
 * status 1000, ends the audio. The replies are {@link LiveAudioReply}s.
 *
 * <p>Any failure is answered with an error reply and closes the socket, with 1007 (a text message
 * that is not the end), 1009 (the audio outgrew its limit), 1008 (the call's audio was taken over),
 * 1013 (Kafka unavailable: try again later) or 1011. The call stays open: the client reconnects and
 * goes on at the stored offset. So does a socket that breaks off without a close, or closes with
 * any status but 1000.
 */
final class LiveAudioSocket implements WebSocketHandler {

  /** The subprotocol of live audio. */
  static final String PROTOCOL = "callstream.audio.v1";

  private static final Logger LOG = LoggerFactory.getLogger(LiveAudioSocket.class);

  private static final CloseStatus CALL_ENDED = CloseStatus.NORMAL.withReason("call ended");

  /** How long a socket that has stopped receiving waits to learn how it was closed. */
  private static final Duration CLOSE_STATUS_PATIENCE = Duration.ofSeconds(10);

  /** Longest close reason, in bytes (RFC 6455 §5.5: 125 bytes of payload with the code). */
  private static final int MAX_REASON_BYTES = 123;

  private final AudioFeed feed;
  private final JsonMapper json;

  LiveAudioSocket(AudioFeed feed, JsonMapper json) {
    this.feed = Objects.requireNonNull(feed, "feed must not be null");
    this.json = Objects.requireNonNull(json, "json must not be null");
  }

  @Override
  public List<String> getSubProtocols() {
    return List.of(PROTOCOL);
  }

  @Override
  public Mono<Void> handle(WebSocketSession session) {
    return Mono.usingWhen(
        Mono.just(feed),
        held -> converse(session),
        AudioFeed::release,
        (held, error) -> held.release(),
        AudioFeed::release);
  }

  private Mono<Void> converse(WebSocketSession session) {
    Flux<Inbound> inbound =
        session
            .receive()
            // Reactor Netty releases a frame once it has been passed on: copy it now.
            .map(Inbound::of)
            // Once the audio has ended or failed the replies stop, which cancels the messages. The
            // socket's inbound must not see that cancel (see LiveFeedSocket): Reactor Netty would
            // close the socket at once, before the last reply and the close below went out. One
            // message at most waits here while a chunk is published.
            .publish(1)
            .autoConnect();
    AtomicReference<@Nullable CloseStatus> closing = new AtomicReference<>();
    Flux<LiveAudioReply> replies =
        Flux.concat(
                Mono.just(new LiveAudioReply.Ready(feed.storedBytes())),
                inbound.concatMap(this::answer, 0),
                Mono.defer(() -> endIfClosedNormally(session)))
            .takeUntil(LiveAudioSocket::isLast)
            .doOnNext(
                reply -> {
                  if (isLast(reply)) {
                    closing.set(closeStatus(reply));
                  }
                });
    return session
        .send(replies.map(reply -> session.textMessage(json.writeValueAsString(reply))))
        .then(
            Mono.defer(
                () -> {
                  CloseStatus status = closing.get();
                  return status == null ? Mono.empty() : session.close(status);
                }));
  }

  private Flux<LiveAudioReply> answer(Inbound message) {
    return switch (message.type()) {
      case BINARY ->
          feed.accept(message.payload())
              .flatMapIterable(states -> states)
              .<LiveAudioReply>map(state -> new LiveAudioReply.Stored(state.storedBytes()))
              .onErrorResume(failure -> Mono.just(error(failure)));
      case TEXT ->
          isEnd(message.payload())
              ? end().flux()
              : Flux.just(
                  new LiveAudioReply.Error(
                      HttpStatus.BAD_REQUEST.value(),
                      "Not a live audio message",
                      "a text message must be {\"type\": \"end\"}; send audio as binary messages"
                          + " of 16-bit little-endian PCM"));
      case PING, PONG -> Flux.empty();
    };
  }

  /** After the client closed: with 1000, the audio has ended; otherwise it may come back. */
  private Mono<LiveAudioReply> endIfClosedNormally(WebSocketSession session) {
    return session
        .closeStatus()
        .timeout(CLOSE_STATUS_PATIENCE, Mono.empty())
        .filter(status -> status.getCode() == CloseStatus.NORMAL.getCode())
        .flatMap(normal -> end());
  }

  private Mono<LiveAudioReply> end() {
    return feed.end()
        .<LiveAudioReply>map(LiveAudioSocket::ended)
        .onErrorResume(failure -> Mono.just(error(failure)));
  }

  private static LiveAudioReply ended(UploadState state) {
    return new LiveAudioReply.Ended(state.storedBytes());
  }

  private boolean isEnd(byte[] utf8) {
    try {
      JsonNode message = json.readTree(new String(utf8, StandardCharsets.UTF_8));
      return message != null
          && message.isObject()
          && message.size() == 1
          && message.path("type").isString()
          && message.path("type").asString().equals("end");
    } catch (JacksonException e) {
      return false;
    }
  }

  private static boolean isLast(LiveAudioReply reply) {
    return reply instanceof LiveAudioReply.Ended || reply instanceof LiveAudioReply.Error;
  }

  /**
   * What to tell the client about a failure: the problem of an {@link ErrorResponse} (the limit, a
   * lost lease, Kafka unavailable), else a 500 that tells nothing of the cause (that goes to the
   * log).
   */
  private static LiveAudioReply error(Throwable failure) {
    if (failure instanceof ErrorResponse response) {
      ProblemDetail body = response.getBody();
      int status = response.getStatusCode().value();
      HttpStatus known = HttpStatus.resolve(status);
      String title =
          body.getTitle() != null
              ? body.getTitle()
              : known != null ? known.getReasonPhrase() : "Error " + status;
      return new LiveAudioReply.Error(
          status, title, body.getDetail() == null ? title : body.getDetail());
    }
    LOG.error("live audio could not be stored", failure);
    return new LiveAudioReply.Error(
        HttpStatus.INTERNAL_SERVER_ERROR.value(),
        "Internal error",
        "the audio could not be stored because of an error on our side; the error has been"
            + " logged. Reconnect to go on at the stored offset");
  }

  private static CloseStatus closeStatus(LiveAudioReply reply) {
    if (!(reply instanceof LiveAudioReply.Error error)) {
      return CALL_ENDED;
    }
    CloseStatus status =
        switch (error.status()) {
          case 400 -> CloseStatus.BAD_DATA;
          case 413 -> CloseStatus.TOO_BIG_TO_PROCESS;
          case 503 -> CloseStatus.SERVICE_OVERLOAD;
          default ->
              error.status() >= 500 ? CloseStatus.SERVER_ERROR : CloseStatus.POLICY_VIOLATION;
        };
    return status.withReason(reason(error.title()));
  }

  private static String reason(String title) {
    // our titles are short phrases; a long one would not fit in a close frame
    return title.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES ? title : "error";
  }

  /** A message as received, its payload copied out of the socket's buffer. */
  private record Inbound(WebSocketMessage.Type type, byte[] payload) {

    static Inbound of(WebSocketMessage message) {
      byte[] payload = new byte[message.getPayload().readableByteCount()];
      message.getPayload().read(payload);
      return new Inbound(message.getType(), payload);
    }
  }
}
