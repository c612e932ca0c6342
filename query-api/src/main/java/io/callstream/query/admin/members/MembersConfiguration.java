package io.callstream.query.admin.members;

import io.callstream.api.audit.AuditLog;
import io.callstream.api.auth.UserDirectory;
import io.callstream.api.tenancy.WorkspaceScope;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** The stores of members and invitations. */
@Configuration(proxyBeanMethods = false)
class MembersConfiguration {

  @Bean
  WorkspaceMembers workspaceMembers(
      DatabaseClient db, WorkspaceScope scope, AuditLog audit, UserDirectory users) {
    return new WorkspaceMembers(db, scope, audit, users);
  }

  @Bean
  WorkspaceInvitations workspaceInvitations(
      DatabaseClient db, WorkspaceScope scope, AuditLog audit, ObjectProvider<Clock> clock) {
    return new WorkspaceInvitations(db, scope, audit, clock.getIfAvailable(Clock::systemUTC));
  }
}
