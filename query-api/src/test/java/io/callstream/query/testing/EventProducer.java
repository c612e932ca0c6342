package io.callstream.query.testing;

import io.callstream.core.cloudevents.CallstreamEventSerializer;
import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Topic;
import io.callstream.embedded.kafka.KafkaEndpoint;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts events on their topics as the Flink job does: CloudEvents keyed by call id, each send
 * acknowledged before it returns. Not thread-safe.
 */
public final class EventProducer implements AutoCloseable {

  private final KafkaProducer<String, CallstreamEvent> producer;

  private EventProducer(KafkaProducer<String, CallstreamEvent> producer) {
    this.producer = producer;
  }

  /** An idempotent producer to {@code kafka}. */
  public static EventProducer to(KafkaEndpoint kafka) {
    Map<String, Object> config = kafka.clientProperties();
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return new EventProducer(
        new KafkaProducer<>(
            config,
            new StringSerializer(),
            CallstreamEventSerializer.of(CloudEventCodec.of("query-api-it"))));
  }

  /** Sends each event to its type's topic, keyed by its call id, in order. */
  public void send(CallstreamEvent... events) {
    for (CallstreamEvent event : events) {
      await(CallstreamEventSerializer.recordOf(event));
    }
  }

  /**
   * Sends the event to one partition of its topic, whatever its key, so that a test can order it
   * before the events of another call.
   */
  public void sendTo(int partition, CallstreamEvent event) {
    ProducerRecord<String, CallstreamEvent> keyed = CallstreamEventSerializer.recordOf(event);
    await(
        new ProducerRecord<>(
            keyed.topic(), partition, keyed.timestamp(), keyed.key(), keyed.value()));
  }

  /**
   * Sends a tombstone (a null value) keyed by {@code callId} to one partition of {@code topic}, as
   * the deletion of a call does on the compacted topics.
   */
  public void sendTombstoneTo(int partition, Topic topic, String callId) {
    await(new ProducerRecord<>(topic.topicName(), partition, callId, null));
  }

  private void await(ProducerRecord<String, CallstreamEvent> record) {
    try {
      producer.send(record).get(RunningQueryApi.PATIENCE.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not send " + record.value(), e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
