package io.callstream.api.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.callstream.api.tenancy.SqlSources.FoundSql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The third wall of isolation, as a build check: every SQL statement in the code of every module
 * that reads or writes a tenant table (one with a {@code workspace_id} column, as the migrations
 * leave them) names {@code workspace_id}, in its WHERE or ON for a select, update or delete, in its
 * column list for an insert. Row-level security would hide a forgotten scope in most tests; this
 * finds it in the source.
 */
class SqlScopeTest {

  private static final Path REPOSITORY = repository();

  private static final Path MIGRATIONS =
      REPOSITORY.resolve("api-support/src/main/resources/db/migration");

  @Test
  void shouldNameTheWorkspaceInEverySqlStatementOnATenantTable() {
    ScopeChecker checker = ScopeChecker.of(TenantTables.fromMigrations(MIGRATIONS));
    List<FoundSql> statements = SqlSources.in(mainSources());

    List<String> unscoped = new ArrayList<>();
    int parsed = 0;
    for (FoundSql statement : statements) {
      ScopeChecker.Verdict verdict = checker.check(statement.sql());
      if (verdict.parsed()) {
        parsed++;
      }
      if (!verdict.scoped()) {
        unscoped.add(
            REPOSITORY.relativize(statement.file())
                + ":"
                + statement.line()
                + ": "
                + verdict.unscopedTables()
                + " without workspace_id"
                + (verdict.parsed() ? "" : " (checked by words: " + verdict.parseError() + ")")
                + "\n    "
                + statement.sql());
      }
    }
    System.out.printf(
        "SqlScopeTest: %d SQL statements found in the code, %d parsed, %d checked by words%n",
        statements.size(), parsed, statements.size() - parsed);

    assertThat(statements).as("SQL statements found in the code").hasSizeGreaterThan(30);
    assertThat(unscoped)
        .as("statements on tenant tables without workspace_id (scope every query: see DESIGN.md)")
        .isEmpty();
  }

  @Test
  void shouldTakeTheTenantTablesFromTheMigrations() {
    Set<String> tenant = TenantTables.fromMigrations(MIGRATIONS);

    assertThat(tenant)
        .contains(
            "api_keys",
            "calls",
            "call_insights",
            "call_transcript_segments",
            "live_events",
            "members",
            "invitations",
            "audit_events")
        .doesNotContain("workspaces", "users", "consumer_offsets");
  }

  @Test
  void shouldPassStatementsThatNameTheWorkspace() {
    ScopeChecker checker = ScopeChecker.of(Set.of("calls", "call_insights", "members"));

    List<String> scoped =
        List.of(
            "select title from calls where workspace_id = :workspaceId and id = :id",
            "select c.id, i.body from calls c join call_insights i"
                + " on i.workspace_id = c.workspace_id and i.call_id = c.id"
                + " where c.workspace_id = :workspaceId",
            "select c.id from calls c join call_insights i using (workspace_id, call_id)"
                + " where c.workspace_id = :w",
            "insert into calls (workspace_id, id, title) values (:w, :id, :t)"
                + " on conflict (workspace_id, id) do update set title = excluded.title",
            "update calls set status = 'ended' where workspace_id = :w and id = :id",
            "delete from members where workspace_id = :w and user_id = :u",
            "select * from calls where workspace_id = :w and id in"
                + " (select call_id from call_insights where workspace_id = :w)",
            "select * from erase_workspace(:workspaceId)",
            "select id from workspaces order by created_at limit 1");

    for (String sql : scoped) {
      assertThat(checker.check(sql).unscopedTables()).as(sql).isEmpty();
      assertThat(checker.check(sql).parsed()).as(sql).isTrue();
    }
  }

  @Test
  void shouldCatchEveryTenantTableAccessWithoutTheWorkspace() {
    ScopeChecker checker = ScopeChecker.of(Set.of("calls", "call_insights", "members"));

    assertThat(checker.check("select title from calls where id = :id").unscopedTables())
        .containsExactly("calls");
    assertThat(
            checker
                .check(
                    "select c.id from calls c join call_insights i on i.call_id = c.id"
                        + " where c.workspace_id = :w")
                .unscopedTables())
        .containsExactly("call_insights");
    assertThat(
            checker
                .check(
                    "select * from calls where workspace_id = :w and id in"
                        + " (select call_id from call_insights where type = 'RISK')")
                .unscopedTables())
        .containsExactly("call_insights");
    assertThat(
            checker
                .check(
                    "select * from calls c where c.id = :id and exists"
                        + " (select 1 from call_insights i where i.workspace_id = c.workspace_id)")
                .unscopedTables())
        .as("a subquery's workspace_id does not scope the outer table")
        .containsExactly("calls");
    assertThat(checker.check("insert into calls (id, title) values (:id, :t)").unscopedTables())
        .containsExactly("calls");
    assertThat(checker.check("update calls set title = :t where id = :id").unscopedTables())
        .containsExactly("calls");
    assertThat(checker.check("delete from members where user_id = :u").unscopedTables())
        .containsExactly("members");
    assertThat(checker.check("delete from members").unscopedTables()).containsExactly("members");
    assertThat(
            checker
                .check(
                    "with old as (select id from calls where created_at < :t)"
                        + " select count(*) from old")
                .unscopedTables())
        .containsExactly("calls");
  }

  @Test
  void shouldFindTheSqlJavaCodeRuns(@TempDir Path sources) throws IOException {
    Files.writeString(
        sources.resolve("Repository.java"),
        """
        package sample;

        final class Repository {
          private static final String FIND = "select title from calls" + " where id = :id";

          Object find(Object db, boolean open) {
            StringBuilder sql = new StringBuilder("update calls set title = :t");
            if (open) {
              sql.append(" where status = 'open'");
            }
            db.sql(sql.toString());
            db.sql(Other.COUNT + status(open));
            return db.sql(FIND); // the same statement as line 4: reported there
          }

          private static String status(boolean open) {
            return open ? " and status = 'open'" : "";
          }

          void purge(Object db, String table) {
            db.sql("delete from " + table + " where id = :id");
            db.sql("delete from " + table + " where workspace_id = :w");
          }
        }

        final class Other {
          static final String COUNT = "select count(*) from calls where workspace_id = :w";
        }
        """,
        StandardCharsets.UTF_8);
    ScopeChecker checker = ScopeChecker.of(Set.of("calls"));

    List<FoundSql> found = SqlSources.in(List.of(sources));

    assertThat(found)
        .extracting(FoundSql::line, FoundSql::sql)
        .contains(
            tuple(4, "select title from calls where id = :id"),
            tuple(11, "update calls set title = :t where status = 'open'"),
            tuple(12, "select count(*) from calls where workspace_id = :w and status = 'open'"),
            tuple(12, "select count(*) from calls where workspace_id = :w"));
    assertThat(found.stream().filter(sql -> !checker.check(sql.sql()).scoped()))
        .as("a table named at run time counts as a tenant table")
        .extracting(FoundSql::line)
        .containsExactlyInAnyOrder(4, 11, 21);
  }

  /** Every module's main Java sources. */
  private static List<Path> mainSources() {
    try (Stream<Path> modules = Files.list(REPOSITORY)) {
      List<Path> roots =
          modules
              .map(module -> module.resolve("src/main/java"))
              .filter(Files::isDirectory)
              .sorted()
              .toList();
      assertThat(roots).as("modules with Java sources").hasSizeGreaterThan(4);
      return roots;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the modules of " + REPOSITORY, e);
    }
  }

  /**
   * The repository's root: the parent of this module's directory, where Surefire runs (and sets
   * {@code basedir}).
   */
  private static Path repository() {
    String basedir = System.getProperty("basedir");
    Path module = (basedir == null ? Path.of("") : Path.of(basedir)).toAbsolutePath();
    Path root = module.getParent();
    if (root == null || !Files.isDirectory(root.resolve("api-support"))) {
      throw new IllegalStateException("cannot find the repository above " + module);
    }
    return root;
  }
}
