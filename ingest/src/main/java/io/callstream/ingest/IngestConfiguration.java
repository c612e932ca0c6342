package io.callstream.ingest;

import io.callstream.core.crypto.FieldCipher;
import io.callstream.ingest.call.CallRepository;
import io.callstream.ingest.kafka.EventPublisher;
import io.callstream.ingest.segment.SegmentIntake;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** Repositories of the ingest service. */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

  @Bean
  CallRepository callRepository(DatabaseClient db) {
    return new CallRepository(db);
  }

  @Bean
  SegmentIntake segmentIntake(CallRepository calls, FieldCipher cipher, EventPublisher events) {
    return new SegmentIntake(calls, cipher, events);
  }
}
