package io.callstream.query.privacy.export;

import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.crypto.FieldCipher;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/** The workspace export. */
@Configuration(proxyBeanMethods = false)
class ExportConfiguration {

  @Bean
  WorkspaceExport workspaceExport(
      DatabaseClient db,
      WorkspaceScope scope,
      FieldCipher cipher,
      JsonMapper json,
      ObjectProvider<Clock> clocks) {
    return new WorkspaceExport(db, scope, cipher, json, clocks.getIfUnique(Clock::systemUTC));
  }
}
