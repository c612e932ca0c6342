package io.callstream.query.privacy.retention;

import java.time.Instant;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's clock, under the test's control, for a service started with {@code
 * callstream.it.controlled-clock=true} (component scanning finds this class on the test class path;
 * every other test's service keeps the system clock).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "callstream.it.controlled-clock", havingValue = "true")
class ControlledClockConfiguration {

  @Bean
  ControlledClock controlledClock() {
    return new ControlledClock(Instant.now());
  }
}
