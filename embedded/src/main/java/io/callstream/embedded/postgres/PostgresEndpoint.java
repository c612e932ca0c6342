package io.callstream.embedded.postgres;

import java.util.Objects;

/**
 * How to connect to a PostgreSQL database, embedded or not, over JDBC (Flyway) and R2DBC (the
 * services). Immutable and thread-safe; {@link #toString()} leaves the password out.
 *
 * @param host the host name
 * @param port the TCP port
 * @param database the database name
 * @param user the user to log in as
 * @param password that user's password
 */
public record PostgresEndpoint(
    String host, int port, String database, String user, String password) {

  public PostgresEndpoint {
    Objects.requireNonNull(host, "host must not be null");
    Objects.requireNonNull(database, "database must not be null");
    Objects.requireNonNull(user, "user must not be null");
    Objects.requireNonNull(password, "password must not be null");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
    }
    if (host.isBlank() || database.isBlank() || user.isBlank()) {
      throw new IllegalArgumentException("host, database and user must not be blank");
    }
  }

  /** {@code jdbc:postgresql://host:port/database}, without credentials. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** {@code r2dbc:postgresql://host:port/database}, without credentials. */
  public String r2dbcUrl() {
    return "r2dbc:postgresql://" + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return "PostgresEndpoint[" + user + "@" + host + ":" + port + "/" + database + "]";
  }
}
