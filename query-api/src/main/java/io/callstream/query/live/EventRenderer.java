package io.callstream.query.live;

import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.EventJson;
import io.callstream.core.event.EventType;
import io.callstream.query.api.EventViews;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a logged event into what streams send: decrypted once, as the REST API's view. Decryption
 * may block on the first use of a workspace's keyset, so callers run this on the bounded-elastic
 * scheduler. Thread-safe.
 */
final class EventRenderer {

  private static final Logger LOG = LoggerFactory.getLogger(EventRenderer.class);

  private final EventViews views;
  private final JsonMapper json;

  EventRenderer(EventViews views, JsonMapper json) {
    this.views = Objects.requireNonNull(views, "views must not be null");
    this.json = Objects.requireNonNull(json, "json must not be null");
  }

  /**
   * The live event of a {@code live_events} row.
   *
   * @param type the CloudEvents type
   * @param eventJson the event as {@link EventJson} wrote it
   * @param position where it was on Kafka
   */
  LiveEvent render(String type, byte[] eventJson, EventPosition position) {
    EventType eventType =
        EventType.fromCeType(type)
            .orElseThrow(() -> new IllegalStateException("a logged event has type " + type));
    CallstreamEvent event;
    try {
      event = EventJson.read(eventJson, eventType);
    } catch (IOException e) {
      throw new UncheckedIOException("a logged " + type + " event does not read back", e);
    }
    return new LiveEvent(
        event.eventId(), event.workspaceId(), event.callId(), position, type, data(event));
  }

  /**
   * The event's view, or where it cannot be read (its keys destroyed, its ciphertext damaged) a
   * note that says so: streams move past it rather than stall on it or skip it in silence.
   */
  private String data(CallstreamEvent event) {
    Object view;
    try {
      view = views.of(event);
    } catch (RuntimeException e) {
      LOG.warn("live event {} cannot be read; streams send it as unreadable", event.eventId(), e);
      view = new Unreadable(event.callId(), "this event cannot be decrypted or read");
    }
    return json.writeValueAsString(view);
  }

  /** What streams send for an event that cannot be read. */
  record Unreadable(String callId, String error) {}
}
