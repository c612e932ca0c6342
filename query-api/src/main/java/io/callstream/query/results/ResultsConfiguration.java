package io.callstream.query.results;

import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.crypto.BlindIndex;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.Topic;
import io.callstream.query.live.LiveLog;
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
 * The consumers of results, progress, transcripts and call ends, started with the application and
 * stopped before its database pool closes. Settings under {@code callstream.query.results};
 * consumer groups {@code <group-id>-results}, {@code -progress}, {@code -transcript} and {@code
 * -calls}.
 */
@Configuration(proxyBeanMethods = false)
class ResultsConfiguration {

  @Bean
  OffsetStore offsetStore(DatabaseClient db) {
    return new OffsetStore(db);
  }

  @Bean
  TopicConsumers topicConsumers(
      @Value("${callstream.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers,
      @Value("${callstream.query.results.group-id}") String group,
      @Value("${callstream.query.results.max-poll-records}") int maxPollRecords,
      @Value("${callstream.query.results.retry-backoff}") Duration retryBackoff,
      @Value("${callstream.query.results.write-timeout}") Duration writeTimeout,
      OffsetStore offsets,
      LiveLog log,
      ReactiveTransactionManager transactions,
      MeterRegistry meters) {
    return new TopicConsumers(
        bootstrapServers,
        group,
        maxPollRecords,
        retryBackoff,
        writeTimeout,
        offsets,
        log,
        TransactionalOperator.create(transactions),
        meters);
  }

  @Bean
  TopicConsumer resultsConsumer(
      TopicConsumers consumers, DatabaseClient db, WorkspaceScope scope, JsonMapper json) {
    return consumers.of(
        Topic.INSIGHTS,
        "results",
        new ResultWriter(db, scope, json, consumers.skipped(Topic.INSIGHTS, "unknown-call")));
  }

  @Bean
  TopicConsumer progressConsumer(
      TopicConsumers consumers, DatabaseClient db, WorkspaceScope scope) {
    return consumers.of(
        Topic.PROGRESS,
        "progress",
        new ProgressWriter(db, scope, consumers.skipped(Topic.PROGRESS, "unknown-call")));
  }

  /**
   * The length of each call, as {@code CallEnded} on the calls topic tells it, into {@code calls}.
   */
  @Bean
  TopicConsumer callEndConsumer(TopicConsumers consumers, DatabaseClient db, WorkspaceScope scope) {
    return consumers.of(
        Topic.CALLS,
        "calls",
        new CallEndWriter(db, scope, consumers.skipped(Topic.CALLS, "unknown-call")));
  }

  /** Segments into {@code call_transcript_segments} and the blind index. */
  @Bean
  TopicConsumer transcriptConsumer(
      TopicConsumers consumers,
      DatabaseClient db,
      WorkspaceScope scope,
      FieldCipher cipher,
      BlindIndex index) {
    return consumers.of(
        Topic.TRANSCRIPT,
        "transcript",
        new TranscriptWriter(
            db,
            scope,
            cipher,
            index,
            consumers.skipped(Topic.TRANSCRIPT, "unknown-call"),
            consumers.skipped(Topic.TRANSCRIPT, "undecryptable")));
  }
}
