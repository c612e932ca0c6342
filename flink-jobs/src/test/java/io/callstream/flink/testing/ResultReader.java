package io.callstream.flink.testing;

import static org.assertj.core.api.Assertions.fail;

import io.callstream.core.cloudevents.CallstreamEventDeserializer;
import io.callstream.core.cloudevents.MalformedEventException;
import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Topic;
import io.callstream.embedded.kafka.KafkaEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the committed results of some calls from {@code callstream.insights.v1} the way a
 * downstream consumer does ({@code read_committed}), until each has its {@link CallAnalyzed}.
 */
public final class ResultReader {

  private ResultReader() {}

  public static Map<String, CallResults> awaitAnalyzed(
      KafkaEndpoint kafka, TestKeys keys, Collection<String> callIds, Duration deadline) {
    return await(kafka, keys, Topic.INSIGHTS, callIds, deadline);
  }

  /** What is committed of one call's results now: one pass to the end of the topic. */
  public static CallResults committed(KafkaEndpoint kafka, TestKeys keys, String callId) {
    CallResults results = new CallResults(keys.cipher());
    try (KafkaConsumer<String, CallstreamEvent> consumer = consumer(kafka)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topic.INSIGHTS.topicName()).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, CallstreamEvent> record :
            consumer.poll(Duration.ofMillis(200))) {
          if (callId.equals(record.key()) && record.value() != null) {
            results.add(record.value());
          }
        }
      }
    }
    return results;
  }

  private static Map<String, CallResults> await(
      KafkaEndpoint kafka,
      TestKeys keys,
      Topic topic,
      Collection<String> callIds,
      Duration deadline) {
    Map<String, CallResults> results = new HashMap<>();
    callIds.forEach(callId -> results.put(callId, new CallResults(keys.cipher())));
    long end = System.nanoTime() + deadline.toNanos();
    try (KafkaConsumer<String, CallstreamEvent> consumer = consumer(kafka)) {
      consumer.subscribe(List.of(topic.topicName()));
      while (!results.values().stream().allMatch(r -> r.analyzed().isPresent())) {
        if (System.nanoTime() - end > 0) {
          fail(
              "calls not analyzed within %s: %s",
              deadline,
              results.entrySet().stream()
                  .filter(e -> e.getValue().analyzed().isEmpty())
                  .map(e -> e.getKey() + " (" + e.getValue().events().size() + " results)")
                  .toList());
        }
        for (ConsumerRecord<String, CallstreamEvent> record :
            consumer.poll(Duration.ofMillis(500))) {
          CallResults call = results.get(record.key());
          if (call != null && record.value() != null) {
            call.add(record.value());
          }
        }
      }
    }
    return results;
  }

  /**
   * Reads the events of some calls from several topics ({@code read_committed}) until {@code
   * complete} holds for each call's events so far, in the order they were read.
   */
  public static Map<String, List<CallstreamEvent>> awaitEvents(
      KafkaEndpoint kafka,
      List<Topic> topics,
      Collection<String> callIds,
      Predicate<List<CallstreamEvent>> complete,
      Duration deadline) {
    Map<String, List<CallstreamEvent>> events = new HashMap<>();
    callIds.forEach(callId -> events.put(callId, new ArrayList<>()));
    long end = System.nanoTime() + deadline.toNanos();
    try (KafkaConsumer<String, CallstreamEvent> consumer =
        consumer(kafka, new SkippingMalformed())) {
      consumer.subscribe(topics.stream().map(Topic::topicName).toList());
      while (!events.values().stream().allMatch(complete)) {
        if (System.nanoTime() - end > 0) {
          fail("calls not complete within %s: %s", deadline, events);
        }
        for (ConsumerRecord<String, CallstreamEvent> record :
            consumer.poll(Duration.ofMillis(500))) {
          List<CallstreamEvent> call = events.get(record.key());
          if (call != null && record.value() != null) {
            call.add(record.value());
          }
        }
      }
    }
    return events;
  }

  private static KafkaConsumer<String, CallstreamEvent> consumer(KafkaEndpoint kafka) {
    return consumer(kafka, new CallstreamEventDeserializer());
  }

  /**
   * Reads a record that is no event as null: the input topics are shared with tests that write
   * garbage on purpose.
   */
  private static final class SkippingMalformed implements Deserializer<CallstreamEvent> {
    private final CallstreamEventDeserializer events = new CallstreamEventDeserializer();

    @Override
    public CallstreamEvent deserialize(String topic, byte[] data) {
      return events.deserialize(topic, data);
    }

    @Override
    public CallstreamEvent deserialize(String topic, Headers headers, byte[] data) {
      try {
        return events.deserialize(topic, headers, data);
      } catch (MalformedEventException e) {
        return null;
      }
    }
  }

  private static KafkaConsumer<String, CallstreamEvent> consumer(
      KafkaEndpoint kafka, Deserializer<CallstreamEvent> deserializer) {
    Map<String, Object> properties = kafka.clientProperties();
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "analysis-it-reader-" + UUID.randomUUID());
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return new KafkaConsumer<>(properties, new StringDeserializer(), deserializer);
  }
}
