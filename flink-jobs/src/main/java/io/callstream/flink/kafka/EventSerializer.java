package io.callstream.flink.kafka;

import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.event.CallstreamEvent;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes events as CloudEvents in Kafka binary mode, to the topic of their type, keyed by call. */
public final class EventSerializer<T extends CallstreamEvent>
    implements KafkaRecordSerializationSchema<T> {

  private static final long serialVersionUID = 1L;
  private static final String COMPONENT = "flink-jobs";

  private transient CloudEventCodec codec;

  @Override
  public void open(
      SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    codec = CloudEventCodec.of(COMPONENT);
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T event, KafkaSinkContext context, Long timestamp) {
    return codec.encode(event);
  }
}
