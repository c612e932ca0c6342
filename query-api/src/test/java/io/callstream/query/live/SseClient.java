package io.callstream.query.live;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A real HTTP client of one event stream: reads the raw {@code text/event-stream} lines on a thread
 * of its own and hands out what they say, frame by frame. Not thread-safe.
 */
final class SseClient implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** Put in the queue when the stream ends. */
  private static final SseFrame END = new SseFrame("<end of stream>", null, null, null);

  private final HttpResponse<InputStream> response;
  private final BlockingQueue<SseFrame> frames = new LinkedBlockingQueue<>();

  private SseClient(HttpResponse<InputStream> response) {
    this.response = response;
    Thread reader = new Thread(this::read, "sse-client");
    reader.setDaemon(true);
    reader.start();
  }

  /** Opens the stream at {@code uri} with {@code bearer}, resuming after {@code lastEventId}. */
  static SseClient open(URI uri, String bearer, @Nullable String lastEventId) {
    HttpResponse<InputStream> response = send(uri, bearer, lastEventId);
    assertThat(response.statusCode()).as("status of %s", uri).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    return new SseClient(response);
  }

  /** Sends the request and returns the response, whatever its status. */
  static HttpResponse<InputStream> send(URI uri, String bearer, @Nullable String lastEventId) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Authorization", bearer)
            .header("Accept", "text/event-stream")
            .timeout(PATIENCE);
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new IllegalStateException("cannot open " + uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while opening " + uri, e);
    }
  }

  /** Waits for the comment the service sends once the stream listens to live events. */
  SseClient awaitConnected() {
    SseFrame first = next();
    assertThat(first.comment()).isEqualTo("connected");
    return this;
  }

  /** The next frame, comment or event. */
  SseFrame next() {
    try {
      SseFrame frame = frames.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      if (frame == null) {
        return fail("no frame within %s", PATIENCE);
      }
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted while reading");
    }
  }

  /** The next event, skipping comments; fails if the stream ends first. */
  SseFrame nextEvent() {
    while (true) {
      SseFrame frame = next();
      if (frame == END) {
        return fail("the stream ended");
      }
      if (!frame.isComment()) {
        return frame;
      }
    }
  }

  /** The next {@code count} events. */
  List<SseFrame> events(int count) {
    List<SseFrame> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(nextEvent());
    }
    return events;
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      // closing only tells the service the client left
    }
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String id = null;
      String event = null;
      StringBuilder data = null;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isEmpty()) {
          if (id != null || event != null || data != null) {
            frames.add(new SseFrame(null, id, event, data == null ? null : data.toString()));
          }
          id = null;
          event = null;
          data = null;
        } else if (line.startsWith(":")) {
          frames.add(new SseFrame(line.substring(1), null, null, null));
        } else {
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1);
          if (value.startsWith(" ")) {
            value = value.substring(1);
          }
          switch (field) {
            case "id" -> id = value;
            case "event" -> event = value;
            case "data" ->
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> {
              // the stream sends no other fields; a client ignores unknown ones
            }
          }
        }
      }
    } catch (IOException e) {
      // closed by the test or by the service
    } finally {
      frames.add(END);
    }
  }
}
