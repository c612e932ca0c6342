package io.callstream.api.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL location as given in {@code DATABASE_URL}, in either the common {@code
 * postgresql://user:password@host:5432/db} form or as a JDBC URL, turned into the JDBC URL that
 * Flyway needs and the R2DBC URL every request path uses.
 */
public record DatabaseUrl(String host, int port, String database, String user, String password) {

  private static final String EXPECTED =
      "expected postgresql://user:password@host:5432/database"
          + " or jdbc:postgresql://host:5432/database?user=...&password=...";

  public DatabaseUrl {
    if (host == null || host.isBlank() || database == null || database.isBlank()) {
      throw new IllegalArgumentException("host and database must be given");
    }
  }

  /** Parses a URL; a wrong one fails with a message that says what was expected. */
  public static DatabaseUrl parse(String url) {
    return parse(url, "DATABASE_URL");
  }

  /**
   * Parses a URL given in {@code variable} ({@code DATABASE_URL}, {@code DATABASE_MIGRATION_URL});
   * a wrong one fails with a message that names the variable and says what was expected.
   */
  public static DatabaseUrl parse(String url, String variable) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(variable + " is empty: " + EXPECTED);
    }
    String trimmed = url.trim();
    String rest = stripScheme(trimmed);
    if (rest == null) {
      throw new IllegalArgumentException(
          variable + " '" + redact(trimmed) + "' is not a PostgreSQL URL: " + EXPECTED);
    }
    try {
      URI uri = new URI("postgresql://" + rest);
      String user = null;
      String password = null;
      if (uri.getRawUserInfo() != null) {
        String[] parts = uri.getRawUserInfo().split(":", 2);
        user = decode(parts[0]);
        password = parts.length > 1 ? decode(parts[1]) : null;
      }
      Map<String, String> query = query(uri.getRawQuery());
      user = query.getOrDefault("user", user);
      password = query.getOrDefault("password", password);
      String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
      if (uri.getHost() == null || database.isEmpty()) {
        throw new IllegalArgumentException(
            variable + " '" + redact(trimmed) + "' names no host or database: " + EXPECTED);
      }
      return new DatabaseUrl(
          uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database, user, password);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          variable + " '" + redact(trimmed) + "' is not a valid URL: " + EXPECTED, e);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public String r2dbcUrl() {
    return "r2dbc:postgresql://" + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return "postgresql://"
        + (user == null ? "" : user + ":***@")
        + host
        + ":"
        + port
        + "/"
        + database;
  }

  private static String stripScheme(String url) {
    for (String scheme :
        new String[] {
          "jdbc:postgresql://", "r2dbc:postgresql://", "postgresql://", "postgres://"
        }) {
      if (url.regionMatches(true, 0, scheme, 0, scheme.length())) {
        return url.substring(scheme.length());
      }
    }
    return null;
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> values = new LinkedHashMap<>();
    if (rawQuery == null) {
      return values;
    }
    for (String pair : rawQuery.split("&")) {
      String[] kv = pair.split("=", 2);
      values.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
    }
    return values;
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  /** Never echo a password into a log or an error message. */
  private static String redact(String url) {
    return url.replaceAll("(//[^:/@]+:)[^@]*@", "$1***@").replaceAll("(password=)[^&]*", "$1***");
  }
}
