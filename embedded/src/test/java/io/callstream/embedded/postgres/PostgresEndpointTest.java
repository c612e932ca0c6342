package io.callstream.embedded.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresEndpointTest {

  private final PostgresEndpoint endpoint =
      new PostgresEndpoint("localhost", 5433, "callstream", "callstream", "s3cret");

  @Test
  void shouldBuildJdbcAndR2dbcUrlsWithoutCredentials() {
    assertThat(endpoint.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5433/callstream");
    assertThat(endpoint.r2dbcUrl()).isEqualTo("r2dbc:postgresql://localhost:5433/callstream");
  }

  @Test
  void shouldLeaveThePasswordOutOfToString() {
    assertThat(endpoint.toString()).doesNotContain("s3cret").contains("callstream@localhost:5433");
  }

  @Test
  void shouldRejectAPortOutOfRange() {
    assertThatThrownBy(() -> new PostgresEndpoint("localhost", 0, "db", "user", "pw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port");
  }

  @Test
  void shouldRejectDatabaseNamesThatAreNotPlainIdentifiers() {
    assertThatThrownBy(
            () -> EmbeddedPostgresServer.builder(java.nio.file.Path.of("x")).database("a; drop"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("database");
  }
}
