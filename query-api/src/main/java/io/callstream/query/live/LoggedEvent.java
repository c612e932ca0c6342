package io.callstream.query.live;

import java.util.Objects;

/**
 * One event of the log, as a stream sends it. Immutable.
 *
 * @param position its position in {@code consumed_events}
 * @param type its CloudEvents type
 * @param json its JSON ({@code EventJson}; ciphertext fields are base64 ciphertext)
 */
record LoggedEvent(long position, String type, String json) {

  LoggedEvent {
    Objects.requireNonNull(type, "type must not be null");
    Objects.requireNonNull(json, "json must not be null");
  }
}
