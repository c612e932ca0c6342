package io.callstream.embedded.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.embedded.PortInUseException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Restarts need servers of their own, apart from the shared one. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EmbeddedPostgresServerRestartIT {

  @TempDir Path dataDirectory;

  @Test
  void shouldKeepTablesAcrossRestartWithTheSameDataDirectory() throws SQLException {
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDirectory, 0);
        Connection connection = connect(postgres);
        Statement statement = connection.createStatement()) {
      statement.execute("create table calls (id text primary key, title text not null)");
      statement.execute("insert into calls values ('call-1', 'Weekly sync')");
    }

    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dataDirectory, 0);
        Connection connection = connect(postgres);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select id, title from calls")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString("id")).isEqualTo("call-1");
      assertThat(rows.getString("title")).isEqualTo("Weekly sync");
      assertThat(rows.next()).isFalse();
    }
  }

  @Test
  void shouldNameThePortAndTheSettingWhenThePortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
      int port = taken.getLocalPort();
      assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDirectory, port))
          .isInstanceOf(PortInUseException.class)
          .hasMessage(
              "PostgreSQL port "
                  + port
                  + " is already in use: set callstream.postgres.port to a free port, or to 0 to"
                  + " pick one");
    }
  }

  private static Connection connect(EmbeddedPostgresServer postgres) throws SQLException {
    return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
  }
}
