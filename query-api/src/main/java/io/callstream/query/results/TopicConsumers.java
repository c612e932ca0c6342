package io.callstream.query.results;

import io.callstream.core.event.Topic;
import io.callstream.query.live.LiveLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Makes the consumers of the results topics, which differ only in topic and writer: each in its own
 * consumer group {@code <group>-<suffix>}, with the same batch settings and one transaction per
 * batch. Thread-safe.
 */
final class TopicConsumers {

  private final String bootstrapServers;
  private final String group;
  private final int maxPollRecords;
  private final Duration retryBackoff;
  private final Duration writeTimeout;
  private final OffsetStore offsets;
  private final LiveLog log;
  private final TransactionalOperator transactions;
  private final MeterRegistry meters;

  TopicConsumers(
      String bootstrapServers,
      String group,
      int maxPollRecords,
      Duration retryBackoff,
      Duration writeTimeout,
      OffsetStore offsets,
      LiveLog log,
      TransactionalOperator transactions,
      MeterRegistry meters) {
    this.bootstrapServers =
        Objects.requireNonNull(bootstrapServers, "bootstrapServers must not be null");
    this.group = Objects.requireNonNull(group, "group must not be null");
    this.maxPollRecords = maxPollRecords;
    this.retryBackoff = Objects.requireNonNull(retryBackoff, "retryBackoff must not be null");
    this.writeTimeout = Objects.requireNonNull(writeTimeout, "writeTimeout must not be null");
    this.offsets = Objects.requireNonNull(offsets, "offsets must not be null");
    this.log = Objects.requireNonNull(log, "log must not be null");
    this.transactions = Objects.requireNonNull(transactions, "transactions must not be null");
    this.meters = Objects.requireNonNull(meters, "meters must not be null");
  }

  /** The counter of records of {@code topic} skipped for {@code reason}. */
  Counter skipped(Topic topic, String reason) {
    return TopicConsumer.skipped(meters, topic.topicName(), reason);
  }

  /**
   * A consumer of {@code topic} in group {@code <group>-<groupSuffix>} that stores with {@code
   * writer}.
   */
  TopicConsumer of(Topic topic, String groupSuffix, BatchWriter writer) {
    String consumerGroup = group + "-" + groupSuffix;
    return new TopicConsumer(
        new ConsumerSettings(
            bootstrapServers,
            topic.topicName(),
            consumerGroup,
            maxPollRecords,
            retryBackoff,
            writeTimeout),
        offsets,
        new BatchStore(writer, log, offsets, consumerGroup, transactions),
        meters);
  }
}
