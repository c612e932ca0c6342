package io.callstream.ingest.kafka;

import io.callstream.api.kafka.ProducerSettings;
import io.callstream.core.cloudevents.CloudEventCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/**
 * The ingest producer: idempotent and {@code acks=all}, so retries never duplicate a record.
 *
 * <p>Bounded: {@code callstream.ingest.kafka-timeout} is both how long {@code send()} may block
 * (for metadata or buffer space) and how long a record may wait for its acknowledgement, and {@code
 * callstream.kafka.buffer-memory} caps the records waiting in the producer.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

  @Bean(destroyMethod = "close")
  EventPublisher eventPublisher(
      @Value("${callstream.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers,
      @Value("${callstream.kafka.buffer-memory}") DataSize bufferMemory,
      @Value("${callstream.ingest.kafka-timeout}") Duration timeout,
      @Value("${callstream.ingest.kafka-max-pending-requests}") int maxPendingRequests,
      @Value("${callstream.api.retry-after:5s}") Duration retryAfter) {
    PublishBounds bounds = new PublishBounds(timeout, maxPendingRequests, retryAfter);
    if (bufferMemory.toBytes() < DataSize.ofMegabytes(1).toBytes()) {
      throw new IllegalArgumentException(
          "callstream.kafka.buffer-memory must be at least 1MB, was " + bufferMemory);
    }
    return new EventPublisher(
        new KafkaProducer<>(
            producerConfig(bootstrapServers, bufferMemory, bounds.timeout()),
            new ByteArraySerializer(),
            new ByteArraySerializer()),
        CloudEventCodec.of("ingest"),
        bounds);
  }

  /** Package-private so a test can check that Kafka accepts the timeouts it derives. */
  static Map<String, Object> producerConfig(
      String bootstrapServers, DataSize bufferMemory, Duration timeout) {
    Map<String, Object> config =
        new HashMap<>(ProducerSettings.reliable(bootstrapServers, timeout, "callstream-ingest"));
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, bufferMemory.toBytes());
    return Map.copyOf(config);
  }
}
