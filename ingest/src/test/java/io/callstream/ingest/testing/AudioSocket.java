package io.callstream.ingest.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of the live audio socket on the JDK's own WebSocket ({@link java.net.http.WebSocket}),
 * which can end a socket both ways the server tells apart: a close with a status, or {@link
 * #abort()}, a dropped connection without one. Every text message of the server is replayed to
 * {@link #replies()}, which completes when the server closes. Thread-safe.
 */
public final class AudioSocket implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WebSocket socket;
  private final Sinks.Many<JsonNode> replies;
  private final CompletableFuture<Integer> closeCode;

  private AudioSocket(
      WebSocket socket, Sinks.Many<JsonNode> replies, CompletableFuture<Integer> closeCode) {
    this.socket = socket;
    this.replies = replies;
    this.closeCode = closeCode;
  }

  /**
   * Opens the socket at {@code path} (with its query), presenting {@code bearer} as {@code
   * Authorization} (none if null) and offering {@code protocols}.
   *
   * @throws Refused if the server refuses the upgrade
   */
  public static AudioSocket open(
      RunningIngest ingest, String path, String bearer, List<String> protocols) {
    Sinks.Many<JsonNode> replies = Sinks.many().replay().all();
    CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          private final StringBuilder text = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              replies.tryEmitNext(JSON.readTree(text.toString()));
              text.setLength(0);
            }
            webSocket.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            replies.tryEmitComplete();
            return null;
          }

          @Override
          public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
            replies.tryEmitError(error);
          }
        };
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    if (bearer != null) {
      builder.header("Authorization", bearer);
    }
    if (!protocols.isEmpty()) {
      builder.subprotocols(
          protocols.get(0), protocols.subList(1, protocols.size()).toArray(String[]::new));
    }
    URI uri = URI.create("ws://localhost:" + ingest.baseUrl().getPort() + path);
    try {
      WebSocket socket =
          builder
              .buildAsync(uri, listener)
              .get(RunningIngest.PATIENCE.toSeconds(), TimeUnit.SECONDS);
      return new AudioSocket(socket, replies, closeCode);
    } catch (java.util.concurrent.ExecutionException | CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        throw new Refused(refused.getResponse().statusCode());
      }
      throw new IllegalStateException("could not open " + uri, e);
    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("could not open " + uri, e);
    }
  }

  /** Sends {@code bytes} as one binary message, once the previous one is out. */
  public AudioSocket sendBinary(byte[] bytes) {
    socket.sendBinary(ByteBuffer.wrap(bytes.clone()), true).join();
    return this;
  }

  /** Sends {@code text} as one text message. */
  public AudioSocket sendText(String text) {
    socket.sendText(text, true).join();
    return this;
  }

  /** Closes with {@code code}, as a client that is done does. */
  public void closeWith(int code) {
    socket.sendClose(code, "").join();
  }

  /** Drops the connection without a close, as a client whose network went away. */
  public void abort() {
    socket.abort();
  }

  /** Every message of the server from the first, as JSON; completes when the server closes. */
  public Flux<JsonNode> replies() {
    return replies.asFlux();
  }

  /** The status of the server's close, once it closed. */
  public int closeCode() {
    return closeCode.orTimeout(RunningIngest.PATIENCE.toSeconds(), TimeUnit.SECONDS).join();
  }

  /** The subprotocol the server selected, {@code ""} for none. */
  public String subprotocol() {
    return Objects.requireNonNullElse(socket.getSubprotocol(), "");
  }

  @Override
  public void close() {
    socket.abort();
  }

  /** The server refused the upgrade with {@code status}. */
  public static final class Refused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    Refused(int status) {
      super("upgrade refused with " + status);
      this.status = status;
    }

    /** The HTTP status of the refusal. */
    public int status() {
      return status;
    }
  }
}
