package io.callstream.api.config;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps the documented environment variables ({@code DATABASE_URL}, {@code KAFKA_BOOTSTRAP_SERVERS})
 * onto Spring's own properties, so the services read the same names as the standalone process and
 * docker-compose.
 */
public final class CallstreamEnvironment implements EnvironmentPostProcessor {

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    Map<String, Object> mapped = new HashMap<>();
    String databaseUrl = environment.getProperty("DATABASE_URL");
    if (databaseUrl != null) {
      DatabaseUrl db = DatabaseUrl.parse(databaseUrl);
      mapped.put("spring.r2dbc.url", db.r2dbcUrl());
      mapped.put("spring.flyway.url", db.jdbcUrl());
      if (db.user() != null) {
        mapped.put("spring.r2dbc.username", db.user());
        mapped.put("spring.flyway.user", db.user());
      }
      if (db.password() != null) {
        mapped.put("spring.r2dbc.password", db.password());
        mapped.put("spring.flyway.password", db.password());
      }
    }
    String kafka = environment.getProperty("KAFKA_BOOTSTRAP_SERVERS");
    if (kafka != null) {
      mapped.put("callstream.kafka.bootstrap-servers", kafka);
    }
    copy(environment, "CALLSTREAM_MASTER_KEY", "callstream.crypto.master-key", mapped);
    copy(environment, "CALLSTREAM_KEYSET_DIR", "callstream.crypto.keyset-dir", mapped);
    if (!mapped.isEmpty()) {
      environment
          .getPropertySources()
          .addFirst(new MapPropertySource("callstream-environment", mapped));
    }
  }

  private static void copy(
      ConfigurableEnvironment environment,
      String variable,
      String property,
      Map<String, Object> to) {
    String value = environment.getProperty(variable);
    if (value != null) {
      to.put(property, value);
    }
  }
}
