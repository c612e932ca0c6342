package io.callstream.query.privacy.deletion;

import io.callstream.api.audit.AuditLog;
import io.callstream.api.tenancy.WorkspaceScope;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The producer of deletion events and tombstones (idempotent, {@code acks=all}, bounded by {@code
 * callstream.query.privacy.kafka-timeout}) and the call deletion. The time of a deletion comes from
 * the application's {@link Clock} bean when there is exactly one, else the system clock.
 */
@Configuration(proxyBeanMethods = false)
class DeletionConfiguration {

  private static final int LINGER_MS = 5;
  private static final int MAX_REQUEST_TIMEOUT_MS = 15_000;

  @Bean(destroyMethod = "close")
  CallTombstones callTombstones(
      @Value("${callstream.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers,
      @Value("${callstream.query.privacy.kafka-timeout:30s}") Duration timeout,
      @Value("${callstream.api.retry-after:5s}") Duration retryAfter) {
    int timeoutMs = Math.toIntExact(timeout.toMillis());
    if (timeoutMs <= LINGER_MS) {
      throw new IllegalArgumentException(
          "callstream.query.privacy.kafka-timeout must be longer than " + LINGER_MS + " ms");
    }
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            (long) timeoutMs,
            // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            timeoutMs,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
            Math.min(MAX_REQUEST_TIMEOUT_MS, timeoutMs - LINGER_MS),
            ProducerConfig.LINGER_MS_CONFIG,
            LINGER_MS,
            ProducerConfig.CLIENT_ID_CONFIG,
            "callstream-query-api-privacy");
    return new CallTombstones(
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()),
        timeout,
        retryAfter);
  }

  @Bean
  CallDeletion callDeletion(
      DatabaseClient db,
      WorkspaceScope scope,
      AuditLog audit,
      CallTombstones tombstones,
      ObjectProvider<Clock> clocks) {
    return new CallDeletion(db, scope, audit, tombstones, clocks.getIfUnique(Clock::systemUTC));
  }
}
