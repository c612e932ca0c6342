package io.callstream.core.cloudevents;

import io.callstream.core.event.CallstreamEvent;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;

/**
 * Kafka value deserializer for plain {@code KafkaConsumer}s, the inverse of {@link
 * CallstreamEventSerializer}. It needs no configuration, so it can be named in {@code
 * value.deserializer}. Thread-safe.
 *
 * <p>A record that is not a callstream event fails with {@link MalformedEventException}, which the
 * consumer reports as a {@code RecordDeserializationException} for that partition and offset. A
 * null value (a Kafka tombstone) becomes a null event, as Kafka deserializers conventionally do.
 */
public final class CallstreamEventDeserializer implements Deserializer<CallstreamEvent> {

  /** For Kafka, which instantiates deserializers by class name. */
  public CallstreamEventDeserializer() {}

  /**
   * Always throws: a callstream event's attributes are in the record headers. Kafka consumers call
   * {@link #deserialize(String, Headers, byte[])}.
   */
  @Override
  public CallstreamEvent deserialize(String topic, byte @Nullable [] data) {
    throw new UnsupportedOperationException(
        "CallstreamEventDeserializer reads ce_* headers and needs deserialize(topic, headers, data)");
  }

  @Override
  public @Nullable CallstreamEvent deserialize(
      String topic, Headers headers, byte @Nullable [] data) {
    if (data == null) {
      return null;
    }
    return CloudEventCodec.decode(headers, data, "record on " + topic);
  }
}
