package io.callstream.query.privacy.rectification;

import io.callstream.api.audit.AuditLog;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.crypto.FieldCipher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** Rectification of stored calls. */
@Configuration(proxyBeanMethods = false)
class RectificationConfiguration {

  @Bean
  Rectification rectification(
      DatabaseClient db, WorkspaceScope scope, AuditLog audit, FieldCipher cipher) {
    return new Rectification(db, scope, audit, cipher);
  }
}
