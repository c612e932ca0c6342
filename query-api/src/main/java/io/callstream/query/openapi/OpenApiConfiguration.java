package io.callstream.query.openapi;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Completes springdoc's document of the query API; the path it is served at and its key order are
 * springdoc properties in {@code query-api.yaml}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  @Bean
  DocumentDescription documentDescription() {
    return new DocumentDescription();
  }

  @Bean
  WorkspaceRoutes workspaceRoutes() {
    return new WorkspaceRoutes();
  }

  @Bean
  ExportOperation exportOperation() {
    return new ExportOperation();
  }

  @Bean
  EventStreamOperation eventStreamOperation() {
    return new EventStreamOperation();
  }
}
