package io.callstream.query.admin.keys;

import io.callstream.api.audit.AuditLog;
import io.callstream.api.tenancy.WorkspaceScope;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** The API-key administration's store. */
@Configuration(proxyBeanMethods = false)
class ApiKeysConfiguration {

  @Bean
  WorkspaceApiKeys workspaceApiKeys(
      DatabaseClient db, WorkspaceScope scope, AuditLog audit, ObjectProvider<Clock> clock) {
    return new WorkspaceApiKeys(db, scope, audit, clock.getIfAvailable(Clock::systemUTC));
  }
}
