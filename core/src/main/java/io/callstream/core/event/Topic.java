package io.callstream.core.event;

/**
 * The Kafka topics of callstream, as documented in DESIGN.md. Every record is a CloudEvent keyed by
 * call id.
 */
public enum Topic {
  CALLS("callstream.calls.v1", 6, true, Delivery.EXACTLY_ONCE),
  AUDIO("callstream.audio.v1", 6, false, Delivery.IDEMPOTENT),
  TRANSCRIPT("callstream.transcript.v1", 6, false, Delivery.IDEMPOTENT),
  INSIGHTS("callstream.insights.v1", 6, false, Delivery.EXACTLY_ONCE),
  PROGRESS("callstream.progress.v1", 6, false, Delivery.AT_LEAST_ONCE),
  USAGE("callstream.usage.v1", 6, false, Delivery.EXACTLY_ONCE);

  /** How records reach a topic. */
  public enum Delivery {
    EXACTLY_ONCE,
    IDEMPOTENT,
    AT_LEAST_ONCE
  }

  private final String topicName;
  private final int partitions;
  private final boolean compacted;
  private final Delivery delivery;

  Topic(String topicName, int partitions, boolean compacted, Delivery delivery) {
    this.topicName = topicName;
    this.partitions = partitions;
    this.compacted = compacted;
    this.delivery = delivery;
  }

  public String topicName() {
    return topicName;
  }

  public int partitions() {
    return partitions;
  }

  /** Whether the topic is log-compacted (latest record per key kept, tombstones erase). */
  public boolean compacted() {
    return compacted;
  }

  public Delivery delivery() {
    return delivery;
  }
}
