package io.callstream.api;

import io.callstream.api.audit.AuditLog;
import io.callstream.api.audit.ChainedAuditLog;
import io.callstream.api.auth.ApiKeyRepository;
import io.callstream.api.auth.ApiSecurityConfiguration;
import io.callstream.api.crypto.CryptoConfiguration;
import io.callstream.api.problem.ProblemErrorHandler;
import io.callstream.api.problem.ProblemResponses;
import io.callstream.api.problem.RequestSizeLimits;
import io.callstream.api.problem.Utf8RequestBodies;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.api.workspace.FirstWorkspace;
import io.callstream.api.workspace.WorkspaceRepository;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Wires what every callstream HTTP service shares. It runs before Spring Boot's WebFlux error
 * handling, so that its problem+json error handler replaces Boot's JSON one.
 */
@AutoConfiguration(before = ErrorWebFluxAutoConfiguration.class)
@Import({ApiSecurityConfiguration.class, CryptoConfiguration.class})
public class ApiSupportAutoConfiguration {

  @Bean
  WorkspaceRepository workspaceRepository(DatabaseClient db, WorkspaceScope scope) {
    return new WorkspaceRepository(db, scope);
  }

  @Bean
  WorkspaceScope workspaceScope(DatabaseClient db, ReactiveTransactionManager transactions) {
    return new WorkspaceScope(db, TransactionalOperator.create(transactions));
  }

  /** The workspace's audit log; a {@link Clock} bean, where there is one, stamps its entries. */
  @Bean
  AuditLog auditLog(DatabaseClient db, WorkspaceScope scope, ObjectProvider<Clock> clock) {
    return ChainedAuditLog.create(db, scope, clock.getIfAvailable(Clock::systemUTC));
  }

  @Bean
  FirstWorkspace firstWorkspace(
      WorkspaceRepository workspaces, ApiKeyRepository keys, WorkspaceScope scope) {
    return new FirstWorkspace(workspaces, keys, scope);
  }

  /** Oversized request lines and headers answered with a problem, before authentication. */
  @Bean
  RequestSizeLimits requestSizeLimits(ProblemResponses problems) {
    return new RequestSizeLimits(problems);
  }

  /** JSON and text bodies that are not valid UTF-8 answered with a 400 problem. */
  @Bean
  Utf8RequestBodies utf8RequestBodies() {
    return new Utf8RequestBodies();
  }

  /**
   * In the place (and order) of Boot's {@code DefaultErrorWebExceptionHandler}. {@code
   * callstream.api.retry-after} is what a 503 tells clients to wait.
   */
  @Bean
  @Order(-1)
  ProblemErrorHandler problemErrorHandler(
      ProblemResponses problems, @Value("${callstream.api.retry-after:5s}") Duration retryAfter) {
    return new ProblemErrorHandler(problems, retryAfter);
  }
}
