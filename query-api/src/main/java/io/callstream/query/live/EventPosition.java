package io.callstream.query.live;

import java.util.Objects;

/**
 * Where an event was on Kafka. Within a partition, stored events become visible in offset order, so
 * a position is all a stream needs to know what it has sent. Immutable.
 *
 * @param topic the topic's name
 * @param partition the partition
 * @param offset the record's offset
 */
public record EventPosition(String topic, int partition, long offset) {

  public EventPosition {
    Objects.requireNonNull(topic, "topic must not be null");
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException(
          "partition and offset must not be negative, were " + partition + " and " + offset);
    }
  }
}
