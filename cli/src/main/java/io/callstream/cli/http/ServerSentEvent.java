package io.callstream.cli.http;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One Server-Sent Event as the stream sent it. Immutable.
 *
 * @param id the stream position after it ({@code Last-Event-ID} on reconnect), if sent
 * @param type the {@code event:} field, {@code message} when absent
 * @param data the {@code data:} lines joined by newlines
 */
public record ServerSentEvent(@Nullable String id, String type, String data) {

  public ServerSentEvent {
    Objects.requireNonNull(type, "type must not be null");
    Objects.requireNonNull(data, "data must not be null");
  }
}
