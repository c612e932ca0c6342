package io.callstream.query.privacy.deletion;

import io.callstream.api.audit.AuditLog;
import io.callstream.api.kafka.ProducerSettings;
import io.callstream.api.tenancy.WorkspaceScope;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
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

  @Bean(destroyMethod = "close")
  CallTombstones callTombstones(
      @Value("${callstream.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers,
      @Value("${callstream.query.privacy.kafka-timeout:30s}") Duration timeout,
      @Value("${callstream.api.retry-after:5s}") Duration retryAfter) {
    if (Math.toIntExact(timeout.toMillis()) <= ProducerSettings.LINGER_MS) {
      throw new IllegalArgumentException(
          "callstream.query.privacy.kafka-timeout must be longer than "
              + ProducerSettings.LINGER_MS
              + " ms");
    }
    Map<String, Object> config =
        ProducerSettings.reliable(bootstrapServers, timeout, "callstream-query-api-privacy");
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
