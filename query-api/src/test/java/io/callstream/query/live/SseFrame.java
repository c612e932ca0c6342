package io.callstream.query.live;

import org.jspecify.annotations.Nullable;

/**
 * What a client read from a {@code text/event-stream}: a comment line, or an event (its fields
 * collected up to the blank line that ends it). Immutable.
 *
 * @param comment the comment's text, or null for an event
 * @param id the event's {@code id}, or null
 * @param event the event's {@code event}, or null
 * @param data the event's {@code data} lines joined by newlines, or null
 */
record SseFrame(
    @Nullable String comment, @Nullable String id, @Nullable String event, @Nullable String data) {

  boolean isComment() {
    return comment != null;
  }

  /** The stream's position after this event, which its id names. */
  StreamCursor cursor() {
    return StreamCursor.parse(String.valueOf(id));
  }
}
