package io.callstream.api.tenancy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Splits a PostgreSQL script into its statements, without comments: semicolons inside quotes,
 * quoted identifiers, comments and dollar-quoted bodies (functions) do not end a statement. Written
 * by hand because Flyway's own splitter is internal API.
 */
final class SqlScript {

  private static final Pattern DOLLAR_TAG = Pattern.compile("\\$[A-Za-z_]?[A-Za-z0-9_]*\\$");

  private SqlScript() {}

  /** The statements of {@code script}, trimmed, in order; empty ones left out. */
  static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int i = 0;
    while (i < script.length()) {
      char c = script.charAt(i);
      if (c == '-' && script.startsWith("--", i)) {
        int end = script.indexOf('\n', i);
        i = end < 0 ? script.length() : end;
      } else if (c == '/' && script.startsWith("/*", i)) {
        int end = script.indexOf("*/", i + 2);
        i = end < 0 ? script.length() : end + 2;
        current.append(' ');
      } else if (c == '\'' || c == '"') {
        int end = closing(script, i, c);
        current.append(script, i, end);
        i = end;
      } else if (c == '$' && dollarTag(script, i) != null) {
        String tag = Objects.requireNonNull(dollarTag(script, i));
        int end = script.indexOf(tag, i + tag.length());
        end = end < 0 ? script.length() : end + tag.length();
        current.append(script, i, end);
        i = end;
      } else if (c == ';') {
        add(statements, current);
        i++;
      } else {
        current.append(c);
        i++;
      }
    }
    add(statements, current);
    return statements;
  }

  /** Index after the quote that closes the one at {@code start}; a doubled quote is escaped. */
  private static int closing(String script, int start, char quote) {
    int i = start + 1;
    while (i < script.length()) {
      if (script.charAt(i) == quote) {
        if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return script.length();
  }

  private static @Nullable String dollarTag(String script, int start) {
    Matcher tag = DOLLAR_TAG.matcher(script).region(start, script.length());
    return tag.lookingAt() ? tag.group() : null;
  }

  private static void add(List<String> statements, StringBuilder current) {
    String statement = current.toString().strip();
    if (!statement.isEmpty()) {
      statements.add(statement);
    }
    current.setLength(0);
  }
}
