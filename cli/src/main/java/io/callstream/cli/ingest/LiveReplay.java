package io.callstream.cli.ingest;

import io.callstream.cli.CliException;
import io.callstream.cli.http.ApiClient;
import io.callstream.cli.terminal.ProgressBar;
import io.callstream.ingest.transcript.format.ParsedSegment;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Replays a transcript as a live call on ingest's live WebSocket ({@code .../calls/{id}/live}):
 * each segment is sent when its start time, divided by the speed-up, has passed since the replay
 * began, as a live recognizer would send it; then {@code {"end": true}} ends the call. The progress
 * bar counts segments ingest has acknowledged (durably in Kafka).
 */
final class LiveReplay {

  /** How long ingest may take to acknowledge the end after the last segment. */
  private static final Duration END_TIMEOUT = Duration.ofMinutes(2);

  private final ApiClient api;
  private final URI socket;
  private final double speed;

  private LiveReplay(ApiClient api, URI socket, double speed) {
    this.api = api;
    this.socket = socket;
    this.speed = speed;
  }

  /**
   * A replay to the live socket {@code socket} ({@code ws:} or {@code wss:}).
   *
   * @param speed how many times faster than the call was; above 0
   */
  static LiveReplay to(ApiClient api, URI socket, double speed) {
    Objects.requireNonNull(api, "api must not be null");
    Objects.requireNonNull(socket, "socket must not be null");
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw CliException.usage("--speed must be above 0, was " + speed);
    }
    return new LiveReplay(api, socket, speed);
  }

  /** Sends {@code segments} paced by their start times, then ends the call. */
  void replay(List<ParsedSegment> segments, ProgressBar bar) {
    Replies replies = new Replies(bar);
    WebSocket webSocket = open(replies);
    try {
      long started = System.nanoTime();
      long due = 0;
      for (ParsedSegment segment :
          segments.stream().sorted(Comparator.comparingLong(ParsedSegment::sequence)).toList()) {
        // segments in sequence order; a segment that starts before the last one is sent at once
        due = Math.max(due, (long) (segment.startMs() / speed));
        sleepUntil(started, due);
        replies.failIfClosed();
        await(webSocket.sendText(api.json().writeValueAsString(message(segment)), true));
      }
      await(webSocket.sendText("{\"end\": true}", true));
      replies.awaitEnd(END_TIMEOUT);
      bar.finish();
      replies.throwIfRefused(segments.size());
    } finally {
      if (!webSocket.isOutputClosed()) {
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "replayed");
      }
      webSocket.abort();
    }
  }

  private WebSocket open(Replies replies) {
    try {
      return api.http()
          .newWebSocketBuilder()
          .header("Authorization", "Bearer " + api.key())
          .subprotocols("callstream.live.v1")
          .connectTimeout(Duration.ofSeconds(10))
          .buildAsync(socket, replies)
          .get(1, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        Object body = refused.getResponse().body();
        byte[] bytes =
            body instanceof String text
                ? text.getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : new byte[0];
        throw api.problem(refused.getResponse().statusCode(), bytes);
      }
      if (e.getCause() instanceof java.io.IOException broken) {
        throw api.unreachable(socket, broken);
      }
      throw CliException.api("cannot open the live socket: " + e.getCause());
    } catch (TimeoutException e) {
      throw CliException.unreachable("the live socket " + socket + " did not open", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.api("interrupted");
    }
  }

  private static Map<String, Object> message(ParsedSegment segment) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("sequence", segment.sequence());
    message.put("speaker", segment.speaker());
    message.put("startMs", segment.startMs());
    message.put("endMs", segment.endMs());
    message.put("text", segment.text());
    message.put("final", true);
    return message;
  }

  private static void sleepUntil(long started, long dueMs) {
    long waitNanos = started + TimeUnit.MILLISECONDS.toNanos(dueMs) - System.nanoTime();
    if (waitNanos > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(waitNanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw CliException.api("interrupted");
      }
    }
  }

  private void await(CompletableFuture<WebSocket> sent) {
    try {
      sent.get(1, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw CliException.unreachable(
          "the live socket broke: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw CliException.unreachable("ingest stopped reading the live socket", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.api("interrupted");
    }
  }

  /** The socket's listener: counts acknowledgements, keeps the first refusal, waits for the end. */
  private final class Replies implements WebSocket.Listener {

    private final ProgressBar bar;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicReference<@Nullable String> firstRefusal = new AtomicReference<>();
    private final CompletableFuture<JsonNode> ended = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();

    Replies(ProgressBar bar) {
      this.bar = bar;
    }

    @Override
    public @Nullable CompletionStage<?> onText(
        WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        reply(api.json().readTree(text));
      }
      webSocket.request(1);
      return null;
    }

    private void reply(JsonNode reply) {
      if (reply.has("ack")) {
        bar.update(acknowledged.incrementAndGet());
      } else if (reply.has("error")) {
        refused.incrementAndGet();
        String detail = ApiClient.text(reply.path("error"), "detail");
        firstRefusal.compareAndSet(null, detail == null ? reply.toString() : detail);
      } else if (reply.has("ended")) {
        ended.complete(reply.path("ended"));
      }
    }

    @Override
    public @Nullable CompletionStage<?> onClose(
        WebSocket webSocket, int statusCode, String reason) {
      ended.completeExceptionally(
          CliException.api("ingest closed the live socket (" + statusCode + " " + reason + ")"));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      ended.completeExceptionally(
          CliException.unreachable("the live socket broke: " + error.getMessage(), error));
    }

    void failIfClosed() {
      if (ended.isCompletedExceptionally()) {
        awaitEnd(Duration.ZERO);
      }
    }

    void awaitEnd(Duration timeout) {
      try {
        ended.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof CliException failure) {
          throw failure;
        }
        throw CliException.api("the live socket failed: " + e.getCause());
      } catch (TimeoutException e) {
        throw CliException.api("ingest did not acknowledge the end of the call in " + timeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw CliException.api("interrupted");
      }
    }

    void throwIfRefused(int sent) {
      long count = refused.get();
      if (count > 0) {
        throw CliException.api(
            count + " of " + sent + " segments were refused; the first: " + firstRefusal.get());
      }
    }
  }
}
