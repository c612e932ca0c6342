package io.callstream.query.privacy.retention;

import io.callstream.query.privacy.deletion.CallDeletion;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The retention purge and its schedule, under {@code callstream.query.privacy.retention}. "Now"
 * comes from the application's {@link Clock} bean when there is exactly one, else the system clock.
 */
@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

  @Bean
  RetentionPurge retentionPurge(
      DatabaseClient db,
      CallDeletion deletion,
      ObjectProvider<Clock> clocks,
      @Value("${callstream.query.privacy.retention.batch-size:500}") int batchSize) {
    return new RetentionPurge(db, deletion, clocks.getIfUnique(Clock::systemUTC), batchSize);
  }

  @Bean
  RetentionSchedule retentionSchedule(
      RetentionPurge purge,
      @Value("${callstream.query.privacy.retention.initial-delay:15m}") Duration initialDelay,
      @Value("${callstream.query.privacy.retention.interval:1h}") Duration interval) {
    return new RetentionSchedule(purge, initialDelay, interval);
  }
}
