package io.callstream.query.admin.settings;

import io.callstream.api.audit.AuditLog;
import io.callstream.api.tenancy.WorkspaceScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** Settings and templates. */
@Configuration(proxyBeanMethods = false)
class SettingsConfiguration {

  @Bean
  SettingsChanges settingsChanges(DatabaseClient db, WorkspaceScope scope, AuditLog audit) {
    return new SettingsChanges(new SettingsRepository(db), scope, audit);
  }
}
