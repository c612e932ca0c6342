package io.callstream.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

  @Test
  void shouldReadUserPasswordHostPortAndDatabaseFromPostgresqlUrl() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://app:s%40cret@db.internal:6543/calls");

    assertThat(url.user()).isEqualTo("app");
    assertThat(url.password()).isEqualTo("s@cret");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/calls");
    assertThat(url.r2dbcUrl()).isEqualTo("r2dbc:postgresql://db.internal:6543/calls");
  }

  @Test
  void shouldReadCredentialsFromJdbcQueryParameters() {
    DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://localhost/calls?user=u&password=p");

    assertThat(url.port()).isEqualTo(5432);
    assertThat(url.user()).isEqualTo("u");
    assertThat(url.password()).isEqualTo("p");
  }

  @Test
  void shouldRejectForeignSchemeWithoutEchoingThePassword() {
    assertThatThrownBy(() -> DatabaseUrl.parse("mysql://root:hunter2@localhost/calls"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a PostgreSQL URL")
        .hasMessageContaining("expected postgresql://")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void shouldRejectUrlWithoutDatabase() {
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://localhost:5432"))
        .hasMessageContaining("names no host or database");
  }

  @Test
  void shouldNeverPrintThePassword() {
    assertThat(DatabaseUrl.parse("postgresql://app:secret@h/db").toString())
        .doesNotContain("secret")
        .contains("app:***@");
  }
}
