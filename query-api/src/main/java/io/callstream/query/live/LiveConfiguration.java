package io.callstream.query.live;

import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.query.api.EventViews;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/** The live log, feed and streams, with settings under {@code callstream.query.sse}. */
@Configuration(proxyBeanMethods = false)
class LiveConfiguration {

  @Bean
  SseSettings sseSettings(
      @Value("${callstream.query.sse.heartbeat}") Duration heartbeat,
      @Value("${callstream.query.sse.buffer}") int buffer,
      @Value("${callstream.query.sse.replay-page}") int replayPage,
      @Value("${callstream.query.sse.retry}") Duration retry) {
    return new SseSettings(heartbeat, buffer, replayPage, retry);
  }

  @Bean
  LiveLog liveLog(DatabaseClient db, WorkspaceScope scope) {
    return new LiveLog(db, scope);
  }

  @Bean
  EventRenderer eventRenderer(EventViews views, JsonMapper json) {
    return new EventRenderer(views, json);
  }

  @Bean
  EventReplay eventReplay(
      DatabaseClient db, WorkspaceScope scope, EventRenderer renderer, SseSettings settings) {
    return new EventReplay(db, scope, renderer, settings.replayPage());
  }

  @Bean
  LiveFeed liveFeed(
      ConnectionFactory connections,
      DatabaseClient db,
      WorkspaceScope scope,
      EventRenderer renderer,
      @Value("${callstream.query.sse.reconnect-backoff}") Duration reconnectBackoff) {
    return new LiveFeed(connections, db, scope, renderer, reconnectBackoff);
  }

  @Bean
  EventStream eventStream(
      LiveFeed feed, EventReplay replay, SseSettings settings, MeterRegistry meters) {
    Counter overflows =
        Counter.builder("callstream.query.sse.closed")
            .description("SSE streams closed because the client fell too far behind")
            .tag("reason", "overflow")
            .register(meters);
    return new EventStream(feed::events, replay, settings, overflows);
  }
}
