package io.callstream.query.privacy.erasure;

import io.callstream.api.audit.AuditLog;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.crypto.SearchKeyring;
import io.callstream.core.crypto.WorkspaceKeyring;
import io.callstream.query.privacy.deletion.CallTombstones;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** Workspace erasure. */
@Configuration(proxyBeanMethods = false)
class ErasureConfiguration {

  @Bean
  WorkspaceErasure workspaceErasure(
      DatabaseClient db,
      WorkspaceScope scope,
      AuditLog audit,
      CallTombstones tombstones,
      WorkspaceKeyring keyring,
      SearchKeyring searchKeyring,
      ObjectProvider<Clock> clocks) {
    return new WorkspaceErasure(
        db, scope, audit, tombstones, keyring, searchKeyring, clocks.getIfUnique(Clock::systemUTC));
  }
}
