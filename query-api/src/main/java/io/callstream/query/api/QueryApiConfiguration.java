package io.callstream.query.api;

import io.callstream.core.crypto.FieldCipher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/** The queries behind the REST controllers. */
@Configuration(proxyBeanMethods = false)
class QueryApiConfiguration {

  @Bean
  CallQueries callQueries(DatabaseClient db) {
    return new CallQueries(db);
  }

  @Bean
  EventViews eventViews(FieldCipher cipher) {
    return new EventViews(cipher);
  }

  @Bean
  ResultQueries resultQueries(DatabaseClient db, EventViews views, JsonMapper json) {
    return new ResultQueries(db, views, json);
  }
}
