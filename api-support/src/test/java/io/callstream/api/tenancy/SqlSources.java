package io.callstream.api.tenancy;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.stmt.ReturnStmt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Finds the SQL that Java code runs: the argument of every {@code DatabaseClient.sql(...)}, JDBC
 * {@code prepareStatement}/{@code execute...} and R2DBC {@code createStatement} call, and every
 * string expression (a constant, a literal, a concatenation) that reads as a statement. A string is
 * put together from literals, constants of any class, effectively final local variables, the
 * appends of a {@code StringBuilder}, and the return expressions of the class's own methods; what
 * cannot be known (a parameter, a call elsewhere) reads as {@link #UNKNOWN}, and each branch of a
 * conditional gives a variant of its own.
 */
final class SqlSources {

  /** Methods whose first argument is SQL to run. */
  private static final Set<String> RUNNERS =
      Set.of(
          "sql",
          "prepareStatement",
          "prepareCall",
          "execute",
          "executeQuery",
          "executeUpdate",
          "executeLargeUpdate",
          "addBatch",
          "createStatement");

  /** Text that reads as a statement that touches tables. */
  private static final Pattern STATEMENT =
      Pattern.compile(
          "(?is)^\\s*(select|insert|update|delete|with)\\s.*\\b(from|into|set|using)\\b.*");

  /**
   * What a piece of text that cannot be known reads as: a name, so the statement still parses; as a
   * table (a table name computed at run time) the check counts it as a tenant table.
   */
  static final String UNKNOWN = ScopeChecker.UNKNOWN_TABLE;

  /** Variants of one expression at most, against combinatorial blow-up. */
  private static final int MAX_VARIANTS = 32;

  private static final int MAX_DEPTH = 12;

  /** One SQL statement the code runs (a variant of it, when the text depends on branches). */
  record FoundSql(Path file, int line, String sql) {

    @Override
    public String toString() {
      return file + ":" + line + ": " + sql;
    }
  }

  private final Map<String, Expression> constants = new HashMap<>();
  private final Map<String, List<Expression>> constantsBySimpleName = new HashMap<>();

  private SqlSources() {}

  /** The SQL of every {@code .java} file under {@code roots}. */
  static List<FoundSql> in(List<Path> roots) {
    Objects.requireNonNull(roots, "roots must not be null");
    JavaParser parser =
        new JavaParser(
            new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)
                .setAttributeComments(false));
    Map<Path, CompilationUnit> units = new LinkedHashMap<>();
    for (Path root : roots) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
          ParseResult<CompilationUnit> result = parser.parse(file);
          CompilationUnit unit =
              result
                  .getResult()
                  .filter(u -> result.isSuccessful())
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "cannot parse " + file + ": " + result.getProblems()));
          units.put(file, unit);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + root, e);
      }
    }
    SqlSources sources = new SqlSources();
    units.values().forEach(sources::collectConstants);
    List<FoundSql> found = new ArrayList<>();
    units.forEach((file, unit) -> sources.collectSql(file, unit, found));
    found.sort(Comparator.comparing(FoundSql::file).thenComparingInt(FoundSql::line));
    // a statement found twice in a file (its constant, and the call that runs it): the first
    Map<List<Object>, FoundSql> distinct = new LinkedHashMap<>();
    for (FoundSql sql : found) {
      distinct.putIfAbsent(List.of(sql.file(), sql.sql()), sql);
    }
    return List.copyOf(distinct.values());
  }

  private void collectConstants(CompilationUnit unit) {
    for (TypeDeclaration<?> type : unit.findAll(TypeDeclaration.class)) {
      for (FieldDeclaration field : type.getFields()) {
        if (!field.isFinal()) {
          continue;
        }
        for (VariableDeclarator variable : field.getVariables()) {
          variable
              .getInitializer()
              .ifPresent(
                  value -> {
                    String name = variable.getNameAsString();
                    constants.put(type.getNameAsString() + "." + name, value);
                    constantsBySimpleName.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
                  });
        }
      }
    }
  }

  private void collectSql(Path file, CompilationUnit unit, List<FoundSql> found) {
    for (MethodCallExpr call : unit.findAll(MethodCallExpr.class)) {
      if (RUNNERS.contains(call.getNameAsString()) && call.getArguments().isNonEmpty()) {
        Expression argument = call.getArgument(0);
        if (isStringish(argument)) {
          for (String sql : evaluate(argument, 0)) {
            // a parameter passed on: its callers' strings are checked where they are written
            if (!sql.isBlank() && !sql.equals(UNKNOWN)) {
              found.add(new FoundSql(file, line(call), sql.strip()));
            }
          }
        }
      }
    }
    for (Expression expression : unit.findAll(Expression.class)) {
      if (!isTopmostString(expression) || isBuilderPart(expression)) {
        continue;
      }
      for (String text : evaluate(expression, 0)) {
        if (STATEMENT.matcher(text).matches()) {
          found.add(new FoundSql(file, line(expression), text.strip()));
        }
      }
    }
  }

  /** Whether {@code expression} could be text the call runs, not an object or a number. */
  private static boolean isStringish(Expression expression) {
    return !(expression instanceof ObjectCreationExpr)
        && !(expression instanceof IntegerLiteralExpr)
        && !(expression instanceof LongLiteralExpr);
  }

  /** A string literal or concatenation that is not itself part of a larger concatenation. */
  private static boolean isTopmostString(Expression expression) {
    boolean stringTree =
        expression instanceof StringLiteralExpr
            || expression instanceof TextBlockLiteralExpr
            || (expression instanceof BinaryExpr binary
                && binary.getOperator() == BinaryExpr.Operator.PLUS
                && !binary.findAll(StringLiteralExpr.class).isEmpty());
    if (!stringTree) {
      return false;
    }
    Optional<Node> parent = expression.getParentNode();
    while (parent.isPresent() && parent.get() instanceof EnclosedExpr) {
      parent = parent.get().getParentNode();
    }
    return !(parent.isPresent()
        && parent.get() instanceof BinaryExpr outer
        && outer.getOperator() == BinaryExpr.Operator.PLUS);
  }

  /** A piece appended to a StringBuilder: checked as part of the whole, at {@code toString()}. */
  private static boolean isBuilderPart(Expression expression) {
    Optional<Node> parent = expression.getParentNode();
    return parent.isPresent()
        && ((parent.get() instanceof MethodCallExpr call && call.getNameAsString().equals("append"))
            || (parent.get() instanceof ObjectCreationExpr creation
                && creation.getType().getNameAsString().startsWith("StringBu")));
  }

  /** The texts {@code expression} can have. */
  private List<String> evaluate(Expression expression, int depth) {
    if (depth > MAX_DEPTH) {
      return List.of(UNKNOWN);
    }
    if (expression instanceof StringLiteralExpr literal) {
      return List.of(literal.asString());
    }
    if (expression instanceof TextBlockLiteralExpr block) {
      return List.of(block.asString());
    }
    if (expression instanceof CharLiteralExpr character) {
      return List.of(character.asChar() + "");
    }
    if (expression instanceof IntegerLiteralExpr || expression instanceof LongLiteralExpr) {
      return List.of(expression.toString());
    }
    if (expression instanceof EnclosedExpr enclosed) {
      return evaluate(enclosed.getInner(), depth);
    }
    if (expression instanceof BinaryExpr binary
        && binary.getOperator() == BinaryExpr.Operator.PLUS) {
      return concatenate(evaluate(binary.getLeft(), depth), evaluate(binary.getRight(), depth));
    }
    if (expression instanceof ConditionalExpr conditional) {
      List<String> variants = new ArrayList<>(evaluate(conditional.getThenExpr(), depth));
      variants.addAll(evaluate(conditional.getElseExpr(), depth));
      return limited(variants);
    }
    if (expression instanceof NameExpr name) {
      return name(name, depth);
    }
    if (expression instanceof FieldAccessExpr access) {
      Expression value =
          constants.get(access.getScope().toString() + "." + access.getNameAsString());
      if (value == null && access.getScope().toString().equals("this")) {
        value = constantOfEnclosingType(access, access.getNameAsString());
      }
      return value == null ? List.of(UNKNOWN) : evaluate(value, depth + 1);
    }
    if (expression instanceof MethodCallExpr call) {
      return methodCall(call, depth);
    }
    return List.of(UNKNOWN);
  }

  private List<String> name(NameExpr name, int depth) {
    String identifier = name.getNameAsString();
    Optional<VariableDeclarator> local =
        ancestor(name, MethodDeclaration.class).stream()
            .flatMap(method -> method.findAll(VariableDeclarator.class).stream())
            .filter(variable -> variable.getNameAsString().equals(identifier))
            .filter(variable -> variable.getInitializer().isPresent())
            .findFirst();
    if (local.isPresent()) {
      if (local.get().getTypeAsString().startsWith("StringBu")) {
        return builder(local.get(), depth);
      }
      return evaluate(local.get().getInitializer().orElseThrow(), depth + 1);
    }
    Expression constant = constantOfEnclosingType(name, identifier);
    if (constant == null) {
      List<Expression> candidates = constantsBySimpleName.getOrDefault(identifier, List.of());
      // a static import: only when the name is unambiguous
      constant = candidates.size() == 1 ? candidates.get(0) : null;
    }
    return constant == null ? List.of(UNKNOWN) : evaluate(constant, depth + 1);
  }

  private @Nullable Expression constantOfEnclosingType(Node node, String identifier) {
    Optional<Node> current = node.getParentNode();
    while (current.isPresent()) {
      if (current.get() instanceof TypeDeclaration<?> type) {
        Expression value = constants.get(type.getNameAsString() + "." + identifier);
        if (value != null) {
          return value;
        }
      }
      current = current.get().getParentNode();
    }
    return null;
  }

  private List<String> methodCall(MethodCallExpr call, int depth) {
    String method = call.getNameAsString();
    if (method.equals("toString") && call.getScope().orElse(null) instanceof NameExpr builder) {
      return name(builder, depth);
    }
    if ((method.equals("formatted") || method.equals("strip") || method.equals("trim"))
        && call.getScope().isPresent()) {
      return evaluate(call.getScope().get(), depth + 1);
    }
    if (call.getScope().isEmpty()) {
      Optional<TypeDeclaration<?>> type = enclosingType(call);
      if (type.isPresent()) {
        List<String> variants = new ArrayList<>();
        for (MethodDeclaration declaration : type.get().getMethodsByName(method)) {
          for (ReturnStmt returned : declaration.findAll(ReturnStmt.class)) {
            if (returned.getExpression().isPresent()) {
              variants.addAll(evaluate(returned.getExpression().get(), depth + 1));
            }
          }
        }
        if (!variants.isEmpty()) {
          return limited(variants);
        }
      }
    }
    return List.of(UNKNOWN);
  }

  /** The text of a StringBuilder: its initial text, then every append in the method, in order. */
  private List<String> builder(VariableDeclarator variable, int depth) {
    String identifier = variable.getNameAsString();
    List<String> texts = chain(variable.getInitializer().orElseThrow(), depth);
    Optional<MethodDeclaration> method = ancestor(variable, MethodDeclaration.class);
    if (method.isEmpty()) {
      return texts;
    }
    List<MethodCallExpr> appends =
        method.get().findAll(MethodCallExpr.class).stream()
            .filter(call -> call.getNameAsString().equals("append"))
            .filter(call -> appendsTo(call, identifier))
            // a chained append begins where the one it is chained to does, and ends later
            .sorted(
                Comparator.comparing((MethodCallExpr call) -> call.getBegin().orElseThrow())
                    .thenComparing(call -> call.getEnd().orElseThrow()))
            .toList();
    for (MethodCallExpr append : appends) {
      if (append.getArguments().isNonEmpty()) {
        texts = concatenate(texts, evaluate(append.getArgument(0), depth + 1));
      }
    }
    return texts;
  }

  /** The text of {@code new StringBuilder(...).append(...)...}. */
  private List<String> chain(Expression expression, int depth) {
    if (expression instanceof MethodCallExpr call
        && call.getNameAsString().equals("append")
        && call.getScope().isPresent()
        && call.getArguments().isNonEmpty()) {
      return concatenate(
          chain(call.getScope().get(), depth), evaluate(call.getArgument(0), depth + 1));
    }
    if (expression instanceof ObjectCreationExpr creation) {
      return creation.getArguments().isNonEmpty() && isStringish(creation.getArgument(0))
          ? evaluate(creation.getArgument(0), depth + 1)
          : List.of("");
    }
    return List.of(UNKNOWN);
  }

  /** Whether {@code call} appends to the builder named {@code identifier}, directly or chained. */
  private static boolean appendsTo(MethodCallExpr call, String identifier) {
    Expression scope = call.getScope().orElse(null);
    while (scope instanceof MethodCallExpr chained && chained.getNameAsString().equals("append")) {
      scope = chained.getScope().orElse(null);
    }
    return scope instanceof NameExpr name && name.getNameAsString().equals(identifier);
  }

  private static List<String> concatenate(List<String> left, List<String> right) {
    List<String> variants = new ArrayList<>();
    for (String l : left) {
      for (String r : right) {
        variants.add(l + r);
      }
    }
    return limited(variants);
  }

  private static List<String> limited(List<String> variants) {
    List<String> distinct = List.copyOf(new LinkedHashSet<>(variants));
    return distinct.size() <= MAX_VARIANTS ? distinct : distinct.subList(0, MAX_VARIANTS);
  }

  private static <T extends Node> Optional<T> ancestor(Node node, Class<T> type) {
    Optional<Node> current = node.getParentNode();
    while (current.isPresent() && !type.isInstance(current.get())) {
      current = current.get().getParentNode();
    }
    return current.map(type::cast);
  }

  private static Optional<TypeDeclaration<?>> enclosingType(Node node) {
    Optional<Node> current = node.getParentNode();
    while (current.isPresent()) {
      if (current.get() instanceof TypeDeclaration<?> type) {
        return Optional.of(type);
      }
      current = current.get().getParentNode();
    }
    return Optional.empty();
  }

  private static int line(Node node) {
    return node.getBegin().map(position -> position.line).orElse(0);
  }
}
