package io.callstream.query.live;

import io.callstream.query.results.ResultBus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** The live streams, with settings under {@code callstream.query.sse}. */
@Configuration(proxyBeanMethods = false)
class LiveConfiguration {

  @Bean
  SseSettings sseSettings(
      @Value("${callstream.query.sse.heartbeat:15s}") Duration heartbeat,
      @Value("${callstream.query.sse.buffer:256}") int buffer,
      @Value("${callstream.query.sse.replay-page:500}") int replayPage) {
    return new SseSettings(heartbeat, buffer, replayPage);
  }

  @Bean
  PostgresEventLog eventLog(DatabaseClient db, SseSettings settings) {
    return new PostgresEventLog(db, settings.replayPage());
  }

  @Bean
  EventStream eventStream(ResultBus bus, EventLog log, SseSettings settings, MeterRegistry meters) {
    Counter overflows =
        Counter.builder("callstream.query.sse.closed")
            .description("SSE streams closed because the client fell too far behind")
            .tag("reason", "overflow")
            .register(meters);
    return new EventStream(scope -> EventStream.onBus(bus, scope), log, settings, overflows);
  }
}
