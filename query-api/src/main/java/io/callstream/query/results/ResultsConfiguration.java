package io.callstream.query.results;

import io.callstream.core.event.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The results and the progress consumer and the bus they publish to, started with the application
 * and stopped before its database pool closes. Settings under {@code callstream.query.results}.
 */
@Configuration(proxyBeanMethods = false)
class ResultsConfiguration {

  @Bean(destroyMethod = "complete")
  ResultBus resultBus() {
    return ResultBus.create();
  }

  @Bean
  OffsetStore offsetStore(DatabaseClient db) {
    return new OffsetStore(db);
  }

  @Bean
  TopicConsumer resultsConsumer(
      @Value("${callstream.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers,
      @Value("${callstream.query.results.group-id}") String group,
      @Value("${callstream.query.results.max-poll-records}") int maxPollRecords,
      @Value("${callstream.query.results.retry-backoff}") Duration retryBackoff,
      @Value("${callstream.query.results.write-timeout}") Duration writeTimeout,
      DatabaseClient db,
      ReactiveTransactionManager transactions,
      OffsetStore offsets,
      JsonMapper json,
      ResultBus bus,
      MeterRegistry meters) {
    String topic = Topic.INSIGHTS.topicName();
    String resultsGroup = group + "-results";
    ResultWriter writer =
        new ResultWriter(
            db,
            TransactionalOperator.create(transactions),
            offsets,
            resultsGroup,
            json,
            TopicConsumer.skipped(meters, topic, "unknown-call"));
    return new TopicConsumer(
        new ConsumerSettings(
            bootstrapServers, topic, resultsGroup, maxPollRecords, retryBackoff, writeTimeout),
        offsets,
        writer,
        bus,
        meters);
  }

  @Bean
  TopicConsumer progressConsumer(
      @Value("${callstream.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers,
      @Value("${callstream.query.results.group-id}") String group,
      @Value("${callstream.query.results.max-poll-records}") int maxPollRecords,
      @Value("${callstream.query.results.retry-backoff}") Duration retryBackoff,
      @Value("${callstream.query.results.write-timeout}") Duration writeTimeout,
      DatabaseClient db,
      ReactiveTransactionManager transactions,
      OffsetStore offsets,
      ResultBus bus,
      MeterRegistry meters) {
    String topic = Topic.PROGRESS.topicName();
    String progressGroup = group + "-progress";
    ProgressWriter writer =
        new ProgressWriter(
            db,
            TransactionalOperator.create(transactions),
            offsets,
            progressGroup,
            TopicConsumer.skipped(meters, topic, "unknown-call"));
    return new TopicConsumer(
        new ConsumerSettings(
            bootstrapServers, topic, progressGroup, maxPollRecords, retryBackoff, writeTimeout),
        offsets,
        writer,
        bus,
        meters);
  }
}
