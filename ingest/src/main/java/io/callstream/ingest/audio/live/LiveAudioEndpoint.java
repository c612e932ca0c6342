package io.callstream.ingest.audio.live;

import io.callstream.ingest.audio.AudioUploads;
import io.callstream.ingest.audio.PcmFormat;
import io.callstream.ingest.call.CallRepository;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.MultiValueMap;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live audio: {@code GET
 * /v1/workspaces/{workspaceId}/calls/{callId}/audio/live?rate=16000&channels=1} upgraded to a
 * WebSocket that takes the PCM of a meeting in progress. Transcript segments appear on the call's
 * feeds while it goes on.
 *
 * <h2>Opening</h2>
 *
 * <ul>
 *   <li>{@code rate}: sample frames per second, {@value PcmFormat#MIN_RATE} to {@value
 *       PcmFormat#MAX_RATE}, by default {@value PcmFormat#DEFAULT_RATE}; {@code channels}: 1 or 2,
 *       by default 1. Anything else is refused before the upgrade: 400, problem+json.
 *   <li>Authentication as on the live segment socket: {@code Authorization: Bearer <key>}, or from
 *       a browser the key offered as the subprotocol {@code callstream.bearer.<key>} next to
 *       {@value LiveAudioSocket#PROTOCOL}, the one the server selects (see {@code
 *       WebSocketKeyFilter}). No key: 401; another workspace's call, or no such call: 404.
 *   <li>409 before the upgrade, problem+json: the call has ended; its audio is being written by a
 *       PUT or another live socket ({@code Retry-After}; a socket that broke off without a close
 *       holds the audio until the server notices, at most two minutes if its process died); the
 *       call's stored audio is of another format, has a length a PUT declared, or is complete.
 * </ul>
 *
 * <h2>Audio</h2>
 *
 * <p>Binary messages carry signed 16-bit little-endian PCM, channels interleaved (stereo: left,
 * right, left, ...), as {@code audio/pcm;rate=R;channels=C} names it; that exact string is the
 * content type of the call's {@link io.callstream.core.event.AudioChunk}s, which the transcription
 * job decodes. Messages may have any size up to 64 KiB (a sample may be split between two of them);
 * they are cut into chunks of one second of audio ({@code rate * channels * 2} bytes), each
 * encrypted and acknowledged by Kafka before the next message is read. The call's audio size limit
 * ({@code callstream.ingest.limits.audio-bytes}) applies to all its audio together.
 *
 * <p>A call that has audio stored goes on at the stored offset: after a socket broke off, a new one
 * continues the same audio, without gap or overlap in the chunks. Bytes received after the last
 * whole second stored are not kept when a socket breaks off; a client that keeps its audio sends it
 * again from the offset that {@code ready} tells. A socket that stores nothing for two minutes may
 * lose its hold on the audio to another writer; it is then closed with 1008 when it sends again.
 *
 * <h2>Replies and the end</h2>
 *
 * <p>The server sends small JSON text messages ({@link LiveAudioReply}): {@code {"type": "ready",
 * "bytes": N}} first, {@code {"type": "stored", "bytes": N}} for each chunk in Kafka. The text
 * message {@code {"type": "end"}} ends the audio: its last chunk (the bytes after the last whole
 * second, possibly none) goes out marked last, the call is marked ended, and the server answers
 * {@code {"type": "ended", "bytes": N}} and closes with 1000. A close with 1000 from the client
 * ends the audio the same way, without the answer. The transcription job publishes the call's
 * {@code CallEnded} once it has transcribed the last chunk; ingest does not. Any other close, or a
 * connection that drops, leaves the call open for a reconnect. Errors are {@code {"type": "error",
 * "status": 413, "title": ..., "detail": ...}}, followed by a close (see {@link LiveAudioSocket}).
 */
public final class LiveAudioEndpoint implements WebHandler {

  /** The path, with the variables this endpoint reads. */
  public static final String PATH = "/v1/workspaces/{workspaceId}/calls/{callId}/audio/live";

  private final CallRepository calls;
  private final AudioUploads audio;
  private final WebSocketService webSockets;
  private final JsonMapper json;

  LiveAudioEndpoint(
      CallRepository calls, AudioUploads audio, WebSocketService webSockets, JsonMapper json) {
    this.calls = Objects.requireNonNull(calls, "calls must not be null");
    this.audio = Objects.requireNonNull(audio, "audio must not be null");
    this.webSockets = Objects.requireNonNull(webSockets, "webSockets must not be null");
    this.json = Objects.requireNonNull(json, "json must not be null");
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange) {
    Map<String, String> variables =
        exchange.getRequiredAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    String workspaceId = Objects.requireNonNull(variables.get("workspaceId"), "workspaceId");
    String callId = Objects.requireNonNull(variables.get("callId"), "callId");
    PcmFormat format;
    try {
      format = format(exchange.getRequest().getQueryParams());
    } catch (ErrorResponseException refused) {
      return Mono.error(refused);
    }
    return calls
        .requireOpen(workspaceId, callId)
        .then(audio.feed(workspaceId, callId, format))
        .flatMap(
            feed ->
                webSockets
                    .handleRequest(exchange, new LiveAudioSocket(feed, json))
                    // no socket, so no one else gives the audio free
                    .onErrorResume(failed -> feed.release().then(Mono.error(failed))));
  }

  /** The format the query asks for; a 400 problem for a rate or channels out of range. */
  static PcmFormat format(MultiValueMap<String, String> query) {
    int rate = number(query, "rate", PcmFormat.DEFAULT_RATE);
    int channels = number(query, "channels", PcmFormat.DEFAULT_CHANNELS);
    try {
      return PcmFormat.of(rate, channels);
    } catch (IllegalArgumentException e) {
      throw badRequest(e.getMessage());
    }
  }

  private static int number(MultiValueMap<String, String> query, String name, int absent) {
    String value = query.getFirst(name);
    if (value == null) {
      return absent;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw badRequest(name + " must be a whole number, was '" + value + "'");
    }
  }

  private static ErrorResponseException badRequest(String detail) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    body.setTitle("Invalid live audio request");
    return new ErrorResponseException(HttpStatus.BAD_REQUEST, body, null);
  }
}
