package io.callstream.ingest;

import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.ingest.call.CallRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** Repositories of the ingest service. */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

  @Bean
  CallRepository callRepository(DatabaseClient db, WorkspaceScope scope) {
    return new CallRepository(db, scope);
  }
}
