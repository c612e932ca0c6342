package io.callstream.core.cloudevents;

import io.callstream.core.event.CallstreamEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

/**
 * Kafka value serializer for plain {@code KafkaProducer}s: writes the event's CloudEvents
 * attributes as {@code ce_*} headers and its JSON data as the value, exactly as {@link
 * CloudEventCodec#encode} does. Pair it with a {@code StringSerializer} for the key and send {@link
 * #recordOf(CallstreamEvent)}.
 *
 * <p>Kafka creates class-named serializers with no arguments, but this one needs to know which
 * component it writes for, so pass an instance to the producer. Thread-safe.
 */
public final class CallstreamEventSerializer implements Serializer<CallstreamEvent> {

  private final CloudEventCodec codec;
  // binary mode is the SDK serializer's default; it needs no configure()
  private final CloudEventSerializer cloudEvents = new CloudEventSerializer();

  private CallstreamEventSerializer(CloudEventCodec codec) {
    this.codec = codec;
  }

  public static CallstreamEventSerializer of(CloudEventCodec codec) {
    return new CallstreamEventSerializer(Objects.requireNonNull(codec, "codec must not be null"));
  }

  /** The record for an event: its type's topic, keyed by call id. */
  public static ProducerRecord<String, CallstreamEvent> recordOf(CallstreamEvent event) {
    Objects.requireNonNull(event, "event must not be null");
    return new ProducerRecord<>(
        event.type().topic().topicName(),
        null,
        event.occurredAt().toEpochMilli(),
        event.callId(),
        event);
  }

  /**
   * Always throws: without headers there is nowhere to put the CloudEvents attributes. Kafka
   * producers call {@link #serialize(String, Headers, CallstreamEvent)}.
   */
  @Override
  public byte[] serialize(String topic, @Nullable CallstreamEvent event) {
    throw new UnsupportedOperationException(
        "CallstreamEventSerializer writes ce_* headers and needs serialize(topic, headers, event)");
  }

  @Override
  public byte @Nullable [] serialize(
      String topic, Headers headers, @Nullable CallstreamEvent event) {
    if (event == null) {
      return null;
    }
    return cloudEvents.serialize(topic, headers, codec.toCloudEvent(event));
  }
}
