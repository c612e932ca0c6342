package io.callstream.api.config;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Maps the documented environment variables ({@code DATABASE_URL}, {@code KAFKA_BOOTSTRAP_SERVERS})
 * onto Spring's own properties, so the services read the same names as the standalone process and
 * docker-compose.
 *
 * <p>{@code DATABASE_URL} is what the services connect as: in production a role that owns nothing,
 * so PostgreSQL's row-level security binds it. {@code DATABASE_MIGRATION_URL}, if set, is the
 * database's owner, which Flyway migrates as; without it Flyway uses {@code DATABASE_URL} too (a
 * simple deployment with one role works, but the owner is not bound by row-level security, so the
 * second isolation wall is then down).
 */
public final class CallstreamEnvironment implements EnvironmentPostProcessor {

  /**
   * The Flyway placeholder that names the application role in the migrations (V10 grants it the
   * tables): the user of {@code DATABASE_URL}.
   */
  public static final String APPLICATION_ROLE_PLACEHOLDER =
      "spring.flyway.placeholders.application_role";

  /** The application role's name when nothing names it. */
  public static final String DEFAULT_APPLICATION_ROLE = "callstream_app";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    Map<String, Object> mapped = new HashMap<>();
    String databaseUrl = environment.getProperty("DATABASE_URL");
    if (databaseUrl != null) {
      DatabaseUrl db = DatabaseUrl.parse(databaseUrl);
      mapped.put("spring.r2dbc.url", db.r2dbcUrl());
      putIfSet(mapped, "spring.r2dbc.username", db.user());
      putIfSet(mapped, "spring.r2dbc.password", db.password());
      String migrationUrl = environment.getProperty("DATABASE_MIGRATION_URL");
      DatabaseUrl migration =
          migrationUrl == null || migrationUrl.isBlank()
              ? db
              : DatabaseUrl.parse(migrationUrl, "DATABASE_MIGRATION_URL");
      mapped.put("spring.flyway.url", migration.jdbcUrl());
      putIfSet(mapped, "spring.flyway.user", migration.user());
      putIfSet(mapped, "spring.flyway.password", migration.password());
    }
    // The role the migrations grant the tables to: the one the services connect as. When it is
    // the owner itself (no DATABASE_MIGRATION_URL), the migrations leave its privileges alone.
    Object applicationRole =
        mapped.getOrDefault(
            "spring.r2dbc.username",
            environment.getProperty("spring.r2dbc.username", DEFAULT_APPLICATION_ROLE));
    mapped.put(APPLICATION_ROLE_PLACEHOLDER, applicationRole);
    String kafka = environment.getProperty("KAFKA_BOOTSTRAP_SERVERS");
    if (kafka != null) {
      mapped.put("callstream.kafka.bootstrap-servers", kafka);
    }
    copy(environment, "CALLSTREAM_MASTER_KEY", "callstream.crypto.master-key", mapped);
    copy(environment, "CALLSTREAM_KEYSET_DIR", "callstream.crypto.keyset-dir", mapped);
    // sign-in with OAuth2 JWTs (io.callstream.api.auth.OidcSettings); off without an issuer
    copy(environment, "CALLSTREAM_OIDC_ISSUER", "callstream.auth.oidc.issuer-uri", mapped);
    copy(environment, "CALLSTREAM_OIDC_JWKS_URI", "callstream.auth.oidc.jwks-uri", mapped);
    copy(environment, "CALLSTREAM_OIDC_AUDIENCE", "callstream.auth.oidc.audience", mapped);
    if (!mapped.isEmpty()) {
      environment
          .getPropertySources()
          .addFirst(new MapPropertySource("callstream-environment", mapped));
    }
  }

  private static void putIfSet(Map<String, Object> to, String property, @Nullable String value) {
    if (value != null) {
      to.put(property, value);
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
