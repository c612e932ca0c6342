package io.callstream.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class CallstreamEnvironmentTest {

  @Test
  void shouldMigrateAsTheOwnerAndConnectAsTheApplicationRole() {
    StandardEnvironment environment =
        mapped(
            Map.of(
                "DATABASE_URL", "postgresql://callstream_app:app-secret@db:5432/callstream",
                "DATABASE_MIGRATION_URL",
                    "postgresql://callstream:owner-secret@db:5432/callstream"));

    assertThat(environment.getProperty("spring.r2dbc.url"))
        .isEqualTo("r2dbc:postgresql://db:5432/callstream");
    assertThat(environment.getProperty("spring.r2dbc.username")).isEqualTo("callstream_app");
    assertThat(environment.getProperty("spring.r2dbc.password")).isEqualTo("app-secret");
    assertThat(environment.getProperty("spring.flyway.url"))
        .isEqualTo("jdbc:postgresql://db:5432/callstream");
    assertThat(environment.getProperty("spring.flyway.user")).isEqualTo("callstream");
    assertThat(environment.getProperty("spring.flyway.password")).isEqualTo("owner-secret");
    assertThat(environment.getProperty(CallstreamEnvironment.APPLICATION_ROLE_PLACEHOLDER))
        .isEqualTo("callstream_app");
  }

  @Test
  void shouldMigrateAsTheOneRoleWhenOnlyDatabaseUrlIsGiven() {
    StandardEnvironment environment =
        mapped(Map.of("DATABASE_URL", "postgresql://callstream:secret@db:5432/callstream"));

    assertThat(environment.getProperty("spring.flyway.user")).isEqualTo("callstream");
    assertThat(environment.getProperty("spring.r2dbc.username")).isEqualTo("callstream");
    assertThat(environment.getProperty(CallstreamEnvironment.APPLICATION_ROLE_PLACEHOLDER))
        .isEqualTo("callstream");
  }

  @Test
  void shouldNameTheMigrationVariableWhenItIsWrong() {
    assertThatThrownBy(
            () ->
                mapped(
                    Map.of(
                        "DATABASE_URL", "postgresql://app:secret@db:5432/callstream",
                        "DATABASE_MIGRATION_URL", "mysql://root:hunter2@db/callstream")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("DATABASE_MIGRATION_URL")
        .hasMessageNotContaining("hunter2");
  }

  private static StandardEnvironment mapped(Map<String, Object> variables) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", variables));
    new CallstreamEnvironment().postProcessEnvironment(environment, new SpringApplication());
    return environment;
  }
}
