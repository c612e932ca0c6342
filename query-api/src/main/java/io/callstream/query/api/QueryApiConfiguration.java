package io.callstream.query.api;

import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.crypto.FieldCipher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/** The queries behind the REST controllers. */
@Configuration(proxyBeanMethods = false)
class QueryApiConfiguration {

  @Bean
  CallQueries callQueries(DatabaseClient db, WorkspaceScope scope) {
    return new CallQueries(db, scope);
  }

  @Bean
  EventViews eventViews(FieldCipher cipher) {
    return new EventViews(cipher);
  }

  @Bean
  ResultQueries resultQueries(
      DatabaseClient db, WorkspaceScope scope, EventViews views, JsonMapper json) {
    return new ResultQueries(db, scope, views, json);
  }
}
