package io.callstream.query.admin.audit;

import io.callstream.api.tenancy.WorkspaceScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** The audit log's read side. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

  @Bean
  AuditQueries auditQueries(DatabaseClient db, WorkspaceScope scope) {
    return new AuditQueries(db, scope);
  }
}
