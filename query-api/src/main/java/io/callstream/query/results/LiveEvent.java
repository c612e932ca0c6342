package io.callstream.query.results;

import io.callstream.core.event.CallstreamEvent;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An event as the bus publishes it, with where it stands in the stored event log: the {@code
 * position} of its row in {@code consumed_events}, or none for an event that is not logged
 * (progress). Positions increase in the order events were stored, so a subscriber can resume after
 * one. Immutable.
 *
 * @param event the event
 * @param position its position in {@code consumed_events}, or null if it has none
 */
public record LiveEvent(CallstreamEvent event, @Nullable Long position) {

  public LiveEvent {
    Objects.requireNonNull(event, "event must not be null");
  }

  /** A logged event at {@code position}. */
  public static LiveEvent stored(CallstreamEvent event, long position) {
    return new LiveEvent(event, position);
  }

  /** An event that is not in the log. */
  public static LiveEvent unlogged(CallstreamEvent event) {
    return new LiveEvent(event, null);
  }
}
