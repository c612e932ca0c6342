package io.callstream.query.privacy;

import io.callstream.embedded.postgres.PostgresEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The test database as its owner, whom row-level security does not restrict: what a test stores
 * behind the service's back (rows ingest would write) and what it counts, across every table.
 * Blocking JDBC, for tests only. Not thread-safe.
 */
public final class OwnerDatabase {

  private final PostgresEndpoint postgres;

  public OwnerDatabase(PostgresEndpoint postgres) {
    this.postgres = postgres;
  }

  /** Runs a statement with positional parameters; returns the rows it changed. */
  public int update(String sql, Object... parameters) {
    try (Connection connection = connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, parameters);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + sql, e);
    }
  }

  /** The rows of a query, each as column name to value. */
  public List<Map<String, Object>> query(String sql, Object... parameters) {
    try (Connection connection = connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, parameters);
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
          Map<String, Object> row = new TreeMap<>();
          for (int i = 1; i <= columns; i++) {
            Object value = result.getObject(i);
            if (value != null) {
              row.put(result.getMetaData().getColumnLabel(i), value);
            }
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + sql, e);
    }
  }

  /** The one number a query answers. */
  public long count(String sql, Object... parameters) {
    return ((Number) query(sql, parameters).get(0).values().iterator().next()).longValue();
  }

  /** The tables of the schema that have a column of this name. */
  public List<String> tablesWithColumn(String column) {
    return query(
            "select c.table_name from information_schema.columns c"
                + " join information_schema.tables t on t.table_schema = c.table_schema"
                + " and t.table_name = c.table_name and t.table_type = 'BASE TABLE'"
                + " where c.table_schema = 'public' and c.column_name = ? order by c.table_name",
            column)
        .stream()
        .map(row -> (String) row.get("table_name"))
        .toList();
  }

  /** Rows of the call in every table that has a {@code call_id} column. */
  public Map<String, Long> rowsOfCall(String workspaceId, String callId) {
    Map<String, Long> counts = new TreeMap<>();
    for (String table : tablesWithColumn("call_id")) {
      counts.put(
          table,
          count(
              "select count(*) from " + table + " where workspace_id = ? and call_id = ?",
              workspaceId,
              callId));
    }
    counts.put(
        "calls",
        count("select count(*) from calls where workspace_id = ? and id = ?", workspaceId, callId));
    return counts;
  }

  /** Rows of the workspace in every table that has a {@code workspace_id} column, and its row. */
  public Map<String, Long> rowsOfWorkspace(String workspaceId) {
    Map<String, Long> counts = new TreeMap<>();
    for (String table : tablesWithColumn("workspace_id")) {
      counts.put(
          table, count("select count(*) from " + table + " where workspace_id = ?", workspaceId));
    }
    counts.put("workspaces", count("select count(*) from workspaces where id = ?", workspaceId));
    return counts;
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
  }

  private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      Object parameter = parameters[i];
      if (parameter instanceof Instant instant) {
        statement.setObject(i + 1, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
      } else {
        statement.setObject(i + 1, parameter);
      }
    }
  }
}
