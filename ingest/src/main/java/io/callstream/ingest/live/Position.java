package io.callstream.ingest.live;

import java.util.Objects;

/**
 * Where a message was in its stream, counted from 1: {@code line 3} of an NDJSON body, {@code
 * message 3} of a WebSocket. Error answers name it. Immutable.
 *
 * @param kind {@code line} or {@code message}
 * @param number from 1
 */
public record Position(String kind, long number) {

  public Position {
    Objects.requireNonNull(kind, "kind must not be null");
    if (number < 1) {
      throw new IllegalArgumentException("number must be at least 1, was " + number);
    }
  }

  /** Line {@code number} of an NDJSON body. */
  public static Position line(long number) {
    return new Position("line", number);
  }

  /** Message {@code number} of a WebSocket. */
  public static Position message(long number) {
    return new Position("message", number);
  }

  @Override
  public String toString() {
    return kind + " " + number;
  }
}
