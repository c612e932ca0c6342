package io.callstream.flink.kafka;

import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.cloudevents.MalformedEventException;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.flink.types.CallstreamEventTypeInfo;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads CloudEvents of one event class from Kafka. A record that is not a valid callstream event
 * cannot be processed by any retry, so it is logged, counted in the {@code malformedEvents} metric
 * and skipped rather than failing the job forever.
 */
public final class EventDeserializer<T extends CallstreamEvent>
    implements KafkaRecordDeserializationSchema<T> {

  private static final long serialVersionUID = 1L;
  private static final String COMPONENT = "flink-jobs";
  private static final Logger LOG = LoggerFactory.getLogger(EventDeserializer.class);

  private final Class<T> eventClass;
  private transient CloudEventCodec codec;
  private transient Counter malformed;

  private EventDeserializer(Class<T> eventClass) {
    this.eventClass = eventClass;
  }

  public static <T extends CallstreamEvent> EventDeserializer<T> of(Class<T> eventClass) {
    if (eventClass == null) {
      throw new IllegalArgumentException("eventClass must not be null");
    }
    return new EventDeserializer<>(eventClass);
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    codec = CloudEventCodec.of(COMPONENT);
    malformed = context.getMetricGroup().counter("malformedEvents");
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
    if (record.value() == null) {
      return; // a tombstone of a compacted topic: the erasure of a call, not an event
    }
    try {
      CallstreamEvent event = codec.decode(record);
      if (eventClass.isInstance(event)) {
        out.collect(eventClass.cast(event));
      }
    } catch (MalformedEventException e) {
      malformed.inc();
      LOG.warn(
          "skipping malformed record at {}-{}@{}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
    }
  }

  @Override
  @SuppressWarnings("unchecked") // T is CallstreamEvent itself in that branch
  public TypeInformation<T> getProducedType() {
    if (eventClass == CallstreamEvent.class) {
      return (TypeInformation<T>) CallstreamEventTypeInfo.INSTANCE;
    }
    return TypeInformation.of(eventClass);
  }
}
