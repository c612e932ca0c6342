package io.callstream.api.tenancy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.ParenthesedStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.StatementVisitor;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.util.TablesNamesFinder;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether one SQL statement names {@code workspace_id} for every tenant table it reads or
 * writes: in the WHERE or a join's ON/USING of the select, update or delete that reads the table
 * (subqueries are statements of their own, checked the same way), in the column list of an insert.
 * A call of a function in FROM ({@code select ... from erase_workspace(:id)}, a SECURITY DEFINER
 * function) is not a table access. Thread-safe: each check uses its own visitor.
 */
final class ScopeChecker {

  /** The column that scopes a tenant table's rows. */
  static final String SCOPE_COLUMN = "workspace_id";

  /**
   * The name that stands for text the code computes at run time: a table of that name may be any
   * table, so it must be scoped like a tenant table.
   */
  static final String UNKNOWN_TABLE = "computed_at_run_time";

  private static final Pattern DATA_STATEMENT =
      Pattern.compile("^\\s*(select|insert|update|delete|with)\\b.*", Pattern.DOTALL);

  private static final Pattern WORD = Pattern.compile("[a-z_][a-z0-9_]*");

  private final Set<String> tenantTables;

  private ScopeChecker(Set<String> tenantTables) {
    this.tenantTables = Set.copyOf(tenantTables);
  }

  /** A checker for the tables (lower case, without schema) that carry {@code workspace_id}. */
  static ScopeChecker of(Set<String> tenantTables) {
    Objects.requireNonNull(tenantTables, "tenantTables must not be null");
    if (tenantTables.isEmpty()) {
      throw new IllegalArgumentException(
          "tenantTables must not be empty: nothing would be checked");
    }
    return new ScopeChecker(tenantTables);
  }

  /** What a check found. */
  record Verdict(Set<String> unscopedTables, boolean parsed, @Nullable String parseError) {

    boolean scoped() {
      return unscopedTables.isEmpty();
    }
  }

  /**
   * The tenant tables {@code sql} accesses without naming their {@code workspace_id}. SQL the
   * parser cannot read is checked by its words instead: a tenant table named in a statement without
   * {@code workspace_id} anywhere is unscoped.
   */
  Verdict check(String sql) {
    Objects.requireNonNull(sql, "sql must not be null");
    Statement statement;
    try {
      statement = CCJSqlParserUtil.parse(sql);
    } catch (JSQLParserException | RuntimeException e) {
      return new Verdict(byWords(sql), false, firstLine(e));
    }
    ScopeVisitor visitor = new ScopeVisitor();
    visitor.getTablesOrOtherSources(statement);
    return new Verdict(visitor.unscoped, true, null);
  }

  private Set<String> byWords(String sql) {
    String lower = sql.toLowerCase(Locale.ROOT);
    Set<String> named = new LinkedHashSet<>();
    boolean data = DATA_STATEMENT.matcher(lower).matches();
    var words = WORD.matcher(lower);
    while (words.find()) {
      if (tenantTables.contains(words.group()) || (data && words.group().equals(UNKNOWN_TABLE))) {
        named.add(words.group());
      }
    }
    if (lower.contains(SCOPE_COLUMN)) {
      return Set.of();
    }
    return named;
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }

  private boolean isTenant(Table table) {
    String name = table.getName().toLowerCase(Locale.ROOT).replace("\"", "");
    return tenantTables.contains(name) || name.equals(UNKNOWN_TABLE);
  }

  /**
   * Walks the whole statement (the parser's own table finder reaches every nested select) and, at
   * each select, update, delete and insert, checks the tables of that level.
   */
  private final class ScopeVisitor extends TablesNamesFinder<Void> {

    final Set<String> unscoped = new LinkedHashSet<>();

    @Override
    public <S> Void visit(PlainSelect select, S context) {
      List<Table> tables = new ArrayList<>();
      List<Expression> conditions = new ArrayList<>();
      List<Column> using = new ArrayList<>();
      fromItem(select.getFromItem(), tables, conditions, using);
      joins(select.getJoins(), tables, conditions, using);
      addIfPresent(conditions, select.getWhere());
      requireScope(tables, conditions, using);
      return super.visit(select, context);
    }

    @Override
    public <S> Void visit(Update update, S context) {
      List<Table> tables = new ArrayList<>();
      List<Expression> conditions = new ArrayList<>();
      List<Column> using = new ArrayList<>();
      tables.add(update.getTable());
      joins(update.getStartJoins(), tables, conditions, using);
      fromItem(update.getFromItem(), tables, conditions, using);
      joins(update.getJoins(), tables, conditions, using);
      addIfPresent(conditions, update.getWhere());
      requireScope(tables, conditions, using);
      return super.visit(update, context);
    }

    @Override
    public <S> Void visit(Delete delete, S context) {
      List<Table> tables = new ArrayList<>();
      List<Expression> conditions = new ArrayList<>();
      List<Column> using = new ArrayList<>();
      tables.add(delete.getTable());
      if (delete.getUsingList() != null) {
        tables.addAll(delete.getUsingList());
      }
      joins(delete.getJoins(), tables, conditions, using);
      addIfPresent(conditions, delete.getWhere());
      requireScope(tables, conditions, using);
      return super.visit(delete, context);
    }

    @Override
    public <S> Void visit(Insert insert, S context) {
      Table table = insert.getTable();
      if (isTenant(table)) {
        boolean named =
            insert.getColumns() != null
                && insert.getColumns().stream()
                    .anyMatch(column -> isScopeColumn(column.getColumnName()));
        if (!named) {
          unscoped.add(table.getName());
        }
      }
      return super.visit(insert, context);
    }

    /** A data-modifying WITH item: the parser's finder takes each for a select, and fails. */
    @Override
    public <S> Void visit(WithItem<?> item, S context) {
      ParenthesedStatement statement = item.getParenthesedStatement();
      if (statement instanceof ParenthesedInsert insert) {
        return insert.getInsert().accept((StatementVisitor<Void>) this, context);
      }
      if (statement instanceof ParenthesedUpdate update) {
        return update.getUpdate().accept((StatementVisitor<Void>) this, context);
      }
      if (statement instanceof ParenthesedDelete delete) {
        return delete.getDelete().accept((StatementVisitor<Void>) this, context);
      }
      return super.visit(item, context);
    }

    private void fromItem(
        @Nullable FromItem item,
        List<Table> tables,
        List<Expression> conditions,
        List<Column> using) {
      if (item instanceof Table table) {
        tables.add(table);
      } else if (item instanceof ParenthesedFromItem nested) {
        fromItem(nested.getFromItem(), tables, conditions, using);
        joins(nested.getJoins(), tables, conditions, using);
      }
      // a subquery or a function call: a level of its own, or no table at all
    }

    private void joins(
        @Nullable List<Join> joins,
        List<Table> tables,
        List<Expression> conditions,
        List<Column> using) {
      if (joins == null) {
        return;
      }
      for (Join join : joins) {
        fromItem(join.getFromItem(), tables, conditions, using);
        if (join.getOnExpressions() != null) {
          conditions.addAll(join.getOnExpressions());
        }
        if (join.getUsingColumns() != null) {
          using.addAll(join.getUsingColumns());
        }
      }
    }

    private void requireScope(List<Table> tables, List<Expression> conditions, List<Column> using) {
      List<Column> columns = new ArrayList<>(using);
      for (Expression condition : conditions) {
        condition.accept(new LevelColumns(columns), null);
      }
      boolean usingScope = using.stream().anyMatch(column -> isScopeColumn(column.getColumnName()));
      for (Table table : tables) {
        if (!isTenant(table)) {
          continue;
        }
        String reference = reference(table);
        boolean named =
            usingScope
                || columns.stream()
                    .filter(column -> isScopeColumn(column.getColumnName()))
                    .anyMatch(
                        column ->
                            column.getTable() == null
                                || column.getTable().getName() == null
                                || column.getTable().getName().equalsIgnoreCase(reference));
        if (!named) {
          unscoped.add(table.getName());
        }
      }
    }

    /** How the statement's columns refer to {@code table}: its alias, else its name. */
    private static String reference(Table table) {
      Alias alias = table.getAlias();
      return alias != null && alias.getName() != null ? alias.getName() : table.getName();
    }
  }

  private static void addIfPresent(List<Expression> conditions, @Nullable Expression condition) {
    if (condition != null) {
      conditions.add(condition);
    }
  }

  private static boolean isScopeColumn(String name) {
    return SCOPE_COLUMN.equalsIgnoreCase(name.replace("\"", ""));
  }

  /** The columns of one level's conditions, without those of its subqueries. */
  private static final class LevelColumns extends ExpressionVisitorAdapter<Void> {

    private final List<Column> columns;

    LevelColumns(List<Column> columns) {
      this.columns = columns;
    }

    @Override
    public <S> Void visit(Column column, S context) {
      columns.add(column);
      return null;
    }

    @Override
    public <S> Void visit(ParenthesedSelect select, S context) {
      return null;
    }

    @Override
    public <S> Void visit(Select select, S context) {
      return null;
    }
  }
}
