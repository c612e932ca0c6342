package io.callstream.ingest.segment;

import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.ingest.kafka.EventPublisher;
import io.callstream.ingest.limits.IngestLimits;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** The segment intake and the ledger of what it published. */
@Configuration(proxyBeanMethods = false)
class SegmentConfiguration {

  @Bean
  SegmentLedger segmentLedger(DatabaseClient db, WorkspaceScope scope) {
    return new SegmentLedger(db, scope);
  }

  @Bean
  SegmentIntake segmentIntake(
      SegmentLedger ledger, FieldCipher cipher, EventPublisher events, IngestLimits limits) {
    return new SegmentIntake(ledger, cipher, events, limits);
  }
}
