/**
 * A real Kafka broker in-process: {@link io.callstream.embedded.kafka.EmbeddedKafka} runs one KRaft
 * node (broker and controller combined) from the Kafka server artifacts, and {@link
 * io.callstream.embedded.kafka.KafkaTopics} creates callstream's topics on any cluster.
 *
 * <p>Everything here is non-null unless marked {@code @Nullable}.
 */
@NullMarked
package io.callstream.embedded.kafka;

import org.jspecify.annotations.NullMarked;
