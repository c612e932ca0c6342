package io.callstream.embedded.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedInfrastructure.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EmbeddedPostgresServerIT {

  @Test
  void shouldAnswerSelectVersionOverJdbc(PostgresEndpoint postgres) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("select version(), current_database(), current_user")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).startsWith("PostgreSQL 17.");
      assertThat(rows.getString(2)).isEqualTo("callstream");
      assertThat(rows.getString(3)).isEqualTo("callstream");
    }
  }

  @Test
  void shouldLetTheApplicationRoleInWithoutAnyPowerOverRowLevelSecurity(
      Infrastructure infrastructure) throws SQLException {
    PostgresEndpoint application = infrastructure.applicationPostgres();
    try (Connection connection =
            DriverManager.getConnection(
                application.jdbcUrl(), application.user(), application.password());
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "select current_user, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb,"
                    + " (select datdba = r.oid from pg_database where datname = current_database())"
                    + " from pg_roles r where rolname = current_user")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1))
          .isEqualTo("callstream_app")
          .isNotEqualTo(infrastructure.postgres().user());
      for (int column = 2; column <= 6; column++) {
        assertThat(rows.getBoolean(column)).as("column %d", column).isFalse();
      }
    }
  }

  @Test
  void shouldRefuseAWrongPassword(PostgresEndpoint postgres) {
    assertThatThrownBy(
            () ->
                DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "not-it").close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
  }

  @Test
  void shouldOfferAnR2dbcUrlForTheSameDatabase(PostgresEndpoint postgres) {
    assertThat(postgres.r2dbcUrl())
        .isEqualTo("r2dbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/callstream");
  }
}
