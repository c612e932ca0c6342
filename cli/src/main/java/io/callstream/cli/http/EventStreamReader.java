package io.callstream.cli.http;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code text/event-stream} as the HTML standard's parsing rules say: fields up to a blank
 * line make an event, comment lines (heartbeats) are skipped, {@code retry:} is kept. Not
 * thread-safe.
 */
public final class EventStreamReader implements Closeable {

  private final BufferedReader lines;
  private @Nullable Long retryMs;

  private EventStreamReader(BufferedReader lines) {
    this.lines = lines;
  }

  /** A reader of {@code stream}, UTF-8 as the format requires. */
  public static EventStreamReader of(InputStream stream) {
    Objects.requireNonNull(stream, "stream must not be null");
    return new EventStreamReader(
        new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8)));
  }

  /**
   * The next event, blocking until it has arrived whole; null when the stream ended.
   *
   * @throws IOException if the connection broke
   */
  public @Nullable ServerSentEvent next() throws IOException {
    String id = null;
    String type = null;
    StringBuilder data = null;
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.isEmpty()) {
        if (data != null) {
          return new ServerSentEvent(id, type == null ? "message" : type, data.toString());
        }
        id = null;
        type = null;
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "data" ->
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        case "event" -> type = value;
        case "id" -> id = value;
        case "retry" -> retryMs = parseRetry(value);
        default -> {
          // unknown fields are ignored, as the standard says
        }
      }
    }
    return null;
  }

  /** The reconnection delay the stream asked for, if it did. */
  public @Nullable Long retryMs() {
    return retryMs;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }

  private @Nullable Long parseRetry(String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return retryMs;
    }
  }
}
