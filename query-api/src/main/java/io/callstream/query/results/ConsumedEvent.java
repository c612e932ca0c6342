package io.callstream.query.results;

import io.callstream.core.event.CallstreamEvent;
import java.util.Objects;

/**
 * An event as a consumer read it, with where it was on Kafka. Immutable.
 *
 * @param event the decoded event
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset in the partition
 */
record ConsumedEvent(CallstreamEvent event, String topic, int partition, long offset) {

  ConsumedEvent {
    Objects.requireNonNull(event, "event must not be null");
    Objects.requireNonNull(topic, "topic must not be null");
  }
}
