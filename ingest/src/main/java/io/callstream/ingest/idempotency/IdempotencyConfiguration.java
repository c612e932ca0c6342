package io.callstream.ingest.idempotency;

import io.callstream.api.tenancy.WorkspaceScope;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/** {@code Idempotency-Key} on every {@code POST} under {@code /v1/workspaces/}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdempotencySettings.class)
class IdempotencyConfiguration {

  @Bean
  IdempotencyKeyRepository idempotencyKeyRepository(
      DatabaseClient db, WorkspaceScope scope, JsonMapper json) {
    return new IdempotencyKeyRepository(db, scope, json, Clock.systemUTC());
  }

  @Bean
  IdempotencyFilter idempotencyFilter(
      IdempotencyKeyRepository keys,
      IdempotencySettings settings,
      @Value("${callstream.ingest.kafka-timeout}") Duration kafkaTimeout) {
    // A request waits for Kafka at most kafka-timeout; a lease shorter than that would let a
    // retry run while the first still waits, and both would publish.
    if (settings.inProgressLease().compareTo(kafkaTimeout.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          IdempotencySettings.PREFIX
              + "in-progress-lease ("
              + settings.inProgressLease()
              + ") must be at least twice callstream.ingest.kafka-timeout ("
              + kafkaTimeout
              + ")");
    }
    return new IdempotencyFilter(keys, settings);
  }

  @Bean
  ExpiredKeySweeper expiredKeySweeper(IdempotencyKeyRepository keys, IdempotencySettings settings) {
    return new ExpiredKeySweeper(keys, settings.cleanupInterval());
  }
}
