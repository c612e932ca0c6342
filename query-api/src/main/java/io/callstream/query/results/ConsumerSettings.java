package io.callstream.query.results;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * How a results consumer reads one topic. Immutable.
 *
 * @param bootstrapServers the Kafka cluster
 * @param topic the topic to read
 * @param group the consumer group; also the key of its offsets in {@code consumer_offsets}
 * @param maxPollRecords the most records one poll, and so one transaction, takes
 * @param retryBackoff how long to wait after a batch that could not be stored before trying again
 * @param writeTimeout how long one batch's transaction may take before it counts as failed
 */
record ConsumerSettings(
    String bootstrapServers,
    String topic,
    String group,
    int maxPollRecords,
    Duration retryBackoff,
    Duration writeTimeout) {

  ConsumerSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers must not be null");
    Objects.requireNonNull(topic, "topic must not be null");
    Objects.requireNonNull(group, "group must not be null");
    Objects.requireNonNull(retryBackoff, "retryBackoff must not be null");
    Objects.requireNonNull(writeTimeout, "writeTimeout must not be null");
    if (maxPollRecords < 1) {
      throw new IllegalArgumentException("maxPollRecords must be positive, was " + maxPollRecords);
    }
    if (retryBackoff.isNegative() || writeTimeout.isNegative() || writeTimeout.isZero()) {
      throw new IllegalArgumentException(
          "retryBackoff must not be negative and writeTimeout must be positive");
    }
  }

  /**
   * The consumer's configuration: {@code read_committed}, and no offsets committed to Kafka (they
   * live in PostgreSQL); a partition without stored offsets starts at its beginning.
   */
  Map<String, Object> consumerConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-" + topic);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    return config;
  }
}
