package io.callstream.api.tenancy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;

/**
 * The tenant tables, read from the Flyway migrations: every table that has a {@code workspace_id}
 * column, whether it was created with one or got it later. Only {@code create table} and {@code
 * alter table} statements are parsed; the rest of a migration (policies, functions, grants) is not
 * needed to know the tables.
 */
final class TenantTables {

  private TenantTables() {}

  /** The tenant tables the migrations in {@code directory} leave, lower case. */
  static Set<String> fromMigrations(Path directory) {
    List<Path> migrations;
    try (Stream<Path> files = Files.list(directory)) {
      migrations = files.filter(file -> file.toString().endsWith(".sql")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the migrations in " + directory, e);
    }
    if (migrations.isEmpty()) {
      throw new IllegalStateException("no migrations in " + directory);
    }
    Set<String> tenant = new TreeSet<>();
    for (Path migration : migrations) {
      String script;
      try {
        script = Files.readString(migration, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + migration, e);
      }
      for (String statement : SqlScript.statements(script)) {
        apply(migration, statement, tenant);
      }
    }
    return tenant;
  }

  private static void apply(Path migration, String statement, Set<String> tenant) {
    String lower = statement.toLowerCase(Locale.ROOT);
    boolean create = lower.startsWith("create table") || lower.startsWith("create unlogged table");
    boolean alter = lower.startsWith("alter table");
    if (!create && !(alter && lower.contains(ScopeChecker.SCOPE_COLUMN))) {
      return;
    }
    Statement parsed;
    try {
      parsed = CCJSqlParserUtil.parse(statement);
    } catch (JSQLParserException | RuntimeException e) {
      throw new IllegalStateException(
          migration.getFileName()
              + ": cannot parse, so cannot tell its tenant tables: "
              + statement,
          e);
    }
    if (parsed instanceof CreateTable table && table.getColumnDefinitions() != null) {
      for (ColumnDefinition column : table.getColumnDefinitions()) {
        if (column.getColumnName().equalsIgnoreCase(ScopeChecker.SCOPE_COLUMN)) {
          tenant.add(name(table.getTable().getName()));
        }
      }
    } else if (parsed instanceof Alter table) {
      for (AlterExpression expression : table.getAlterExpressions()) {
        List<String> added = new ArrayList<>();
        if (expression.getColDataTypeList() != null) {
          expression.getColDataTypeList().forEach(column -> added.add(column.getColumnName()));
        }
        if (added.stream().anyMatch(ScopeChecker.SCOPE_COLUMN::equalsIgnoreCase)) {
          tenant.add(name(table.getTable().getName()));
        }
      }
    }
  }

  private static String name(String table) {
    return table.replace("\"", "").toLowerCase(Locale.ROOT);
  }
}
