package io.callstream.ingest.kafka;

import io.callstream.core.cloudevents.CloudEventCodec;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ingest producer: idempotent and {@code acks=all}, so retries never duplicate a record. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

  @Bean(destroyMethod = "close")
  EventPublisher eventPublisher(
      @Value("${callstream.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers,
      @Value("${callstream.kafka.max-block-ms:10000}") long maxBlockMs) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            maxBlockMs,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            30_000,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
            15_000,
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            ProducerConfig.CLIENT_ID_CONFIG,
            "callstream-ingest");
    return new EventPublisher(
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()),
        CloudEventCodec.of("ingest"));
  }
}
