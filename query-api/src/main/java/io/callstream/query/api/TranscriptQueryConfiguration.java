package io.callstream.query.api;

import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.crypto.FieldCipher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** The queries behind the transcript and search endpoints. */
@Configuration(proxyBeanMethods = false)
class TranscriptQueryConfiguration {

  @Bean
  TranscriptQueries transcriptQueries(DatabaseClient db, WorkspaceScope scope, FieldCipher cipher) {
    return new TranscriptQueries(db, scope, cipher);
  }
}
