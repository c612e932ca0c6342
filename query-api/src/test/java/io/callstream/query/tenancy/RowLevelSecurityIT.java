package io.callstream.query.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.embedded.postgres.PostgresEndpoint;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The second isolation wall on the shared PostgreSQL, as the application role the services connect
 * as: no row without a workspace scope, only the scoped workspace's rows with one, no writing into
 * another workspace, every tenant table covered, and no way for the role past the policies.
 */
@ExtendWith(SharedInfrastructure.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RowLevelSecurityIT {

  private static final Duration PATIENCE = Duration.ofMinutes(1);

  private static PostgresEndpoint owner;
  private static PostgresEndpoint application;

  private String workspaceA;
  private String workspaceB;
  private String callA;
  private String callB;

  @BeforeAll
  static void migrate(Infrastructure infrastructure) {
    owner = infrastructure.postgres();
    application = infrastructure.applicationPostgres();
    // as the services' Flyway does: as the owner, granting the tables to the application role
    Flyway.configure()
        .dataSource(owner.jdbcUrl(), owner.user(), owner.password())
        .locations("classpath:db/migration")
        .placeholders(Map.of("application_role", application.user()))
        .load()
        .migrate();
  }

  @BeforeEach
  void twoWorkspacesWithACallEach() throws SQLException {
    String suffix = Ids.timeOrdered().replace("-", "");
    workspaceA = "ws_rls_a_" + suffix;
    workspaceB = "ws_rls_b_" + suffix;
    callA = "call_a_" + suffix;
    callB = "call_b_" + suffix;
    try (Connection connection = connect(owner)) {
      for (String[] row : new String[][] {{workspaceA, callA}, {workspaceB, callB}}) {
        update(connection, "insert into workspaces (id, name) values (?, 'RLS')", row[0]);
        update(
            connection,
            "insert into calls (workspace_id, id, title, source) values (?, ?, 'RLS', 'upload')",
            row[0],
            row[1]);
      }
    }
  }

  @Test
  void shouldShowNoRowsWithoutAWorkspaceScope() throws SQLException {
    try (Connection connection = connect(application)) {
      assertThat(callsOfBoth(connection)).isEmpty();
      assertThat(
              strings(
                  connection,
                  "select id from workspaces where id in (?, ?)",
                  workspaceA,
                  workspaceB))
          .isEmpty();
    }
  }

  @Test
  void shouldShowOnlyTheScopedWorkspacesRows() throws SQLException {
    try (Connection connection = connect(application)) {
      connection.setAutoCommit(false);
      enter(connection, workspaceA);

      assertThat(callsOfBoth(connection)).containsExactly(callA);
      assertThat(
              strings(
                  connection,
                  "select id from workspaces where id in (?, ?)",
                  workspaceA,
                  workspaceB))
          .containsExactly(workspaceA);
      connection.commit();
      // the scope was the transaction's: the next one starts without it
      assertThat(callsOfBoth(connection)).isEmpty();
    }
  }

  @Test
  void shouldRefuseToWriteRowsOfAnotherWorkspace() throws SQLException {
    try (Connection connection = connect(application)) {
      connection.setAutoCommit(false);
      enter(connection, workspaceA);

      assertThatThrownBy(
              () ->
                  update(
                      connection,
                      "insert into calls (workspace_id, id, title, source)"
                          + " values (?, 'intruder', 'x', 'upload')",
                      workspaceB))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("row-level security");
      connection.rollback();

      enter(connection, workspaceA);
      assertThatThrownBy(
              () ->
                  update(
                      connection,
                      "update calls set workspace_id = ? where workspace_id = ? and id = ?",
                      workspaceB,
                      workspaceA,
                      callA))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("row-level security");
      connection.rollback();

      enter(connection, workspaceA);
      assertThat(
              update(
                  connection,
                  "update calls set title = 'taken' where workspace_id = ? and id = ?",
                  workspaceB,
                  callB))
          .isZero();
      assertThat(
              update(
                  connection,
                  "delete from calls where workspace_id = ? and id = ?",
                  workspaceB,
                  callB))
          .isZero();
      connection.commit();
    }
    try (Connection connection = connect(owner)) {
      assertThat(strings(connection, "select title from calls where id = ?", callB))
          .containsExactly("RLS");
    }
  }

  @Test
  void shouldScopeThroughWorkspaceScopeAndLeaveNothingOnThePooledConnection() {
    // one connection: what the scoped transaction set must be gone for the next user of it
    ConnectionPool pool =
        new ConnectionPool(
            ConnectionPoolConfiguration.builder(
                    new PostgresqlConnectionFactory(
                        PostgresqlConnectionConfiguration.builder()
                            .host(application.host())
                            .port(application.port())
                            .database(application.database())
                            .username(application.user())
                            .password(application.password())
                            .build()))
                .initialSize(1)
                .maxSize(1)
                .build());
    try {
      DatabaseClient db = DatabaseClient.create(pool);
      WorkspaceScope scope =
          new WorkspaceScope(db, TransactionalOperator.create(new R2dbcTransactionManager(pool)));
      DatabaseClient.GenericExecuteSpec calls =
          db.sql("select id from calls where workspace_id in (:a, :b)")
              .bind("a", workspaceA)
              .bind("b", workspaceB);

      List<String> scoped =
          scope
              .flux(workspaceB, calls.map(row -> row.get("id", String.class)).all())
              .collectList()
              .block(PATIENCE);
      List<String> afterwards =
          calls.map(row -> row.get("id", String.class)).all().collectList().block(PATIENCE);

      assertThat(scoped).containsExactly(callB);
      assertThat(afterwards).isEmpty();
    } finally {
      pool.dispose();
    }
  }

  @Test
  void shouldProtectEveryTableWithAWorkspaceColumn() throws SQLException {
    try (Connection connection = connect(owner)) {
      List<String> tenantTables =
          strings(
              connection,
              "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                  + " where n.nspname = 'public' and c.relkind in ('r', 'p')"
                  + " and (c.relname = 'workspaces' or exists (select 1 from pg_attribute a"
                  + " where a.attrelid = c.oid and a.attname = 'workspace_id'"
                  + " and not a.attisdropped))"
                  + " order by c.relname");
      List<String> unprotected =
          strings(
              connection,
              "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                  + " where n.nspname = 'public' and c.relname = any(?)"
                  + " and (not c.relrowsecurity or not exists (select 1 from pg_policy p"
                  + " where p.polrelid = c.oid))",
              connection.createArrayOf("text", tenantTables.toArray()));

      assertThat(tenantTables).contains("workspaces", "calls", "api_keys", "audit_events");
      assertThat(unprotected)
          .as("tables with a workspace_id but no row-level security or no policy")
          .isEmpty();
    }
  }

  @Test
  void shouldGiveTheApplicationRoleNoWayPastThePolicies() throws SQLException {
    try (Connection connection = connect(application)) {
      assertThat(
              strings(
                  connection,
                  "select rolname from pg_roles where rolname = current_user"
                      + " and not rolsuper and not rolbypassrls"))
          .containsExactly(application.user());
      assertThat(
              strings(
                  connection,
                  "select c.relname from pg_class c join pg_roles r on r.oid = c.relowner"
                      + " where r.rolname = current_user"))
          .as("objects the application role owns")
          .isEmpty();

      try (Statement statement = connection.createStatement()) {
        statement.execute("set row_security = off");
      }
      assertThatThrownBy(() -> callsOfBoth(connection))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("row-level security");
      assertThatThrownBy(() -> update(connection, "alter table calls disable row level security"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("must be owner");
    }
  }

  @Test
  void shouldLetTheApplicationOnlyAppendToTheAuditLog() throws SQLException {
    try (Connection connection = connect(application)) {
      assertThatThrownBy(
              () ->
                  update(
                      connection,
                      "update audit_events set actor = 'someone else' where workspace_id = ?",
                      workspaceA))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
      assertThatThrownBy(
              () ->
                  update(connection, "delete from audit_events where workspace_id = ?", workspaceA))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
    }
  }

  @Test
  void shouldFindAnApiKeysWorkspaceOnlyThroughItsFunction() throws SQLException {
    String keyId = "csk_rls_" + Ids.timeOrdered().replace("-", "");
    try (Connection connection = connect(owner)) {
      update(
          connection,
          "insert into api_keys (workspace_id, id, name, role, secret_hash)"
              + " values (?, ?, 'rls', 'MEMBER', '\\x00'::bytea)",
          workspaceB,
          keyId);
    }
    try (Connection connection = connect(application)) {
      assertThat(strings(connection, "select workspace_id from api_keys where id = ?", keyId))
          .isEmpty();
      assertThat(strings(connection, "select callstream_api_key_workspace(?)", keyId))
          .containsExactly(workspaceB);
    }
  }

  private List<String> callsOfBoth(Connection connection) throws SQLException {
    return strings(
        connection,
        "select id from calls where workspace_id in (?, ?) order by id",
        workspaceA,
        workspaceB);
  }

  private static void enter(Connection connection, String workspaceId) throws SQLException {
    strings(
        connection, "select set_config('" + WorkspaceScope.SETTING + "', ?, true)", workspaceId);
  }

  private static Connection connect(PostgresEndpoint endpoint) throws SQLException {
    return DriverManager.getConnection(endpoint.jdbcUrl(), endpoint.user(), endpoint.password());
  }

  private static int update(Connection connection, String sql, Object... parameters)
      throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql, parameters)) {
      return statement.executeUpdate();
    }
  }

  private static List<String> strings(Connection connection, String sql, Object... parameters)
      throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql, parameters);
        ResultSet rows = statement.executeQuery()) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
      throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
    return statement;
  }
}
