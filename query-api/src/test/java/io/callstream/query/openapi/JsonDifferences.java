package io.callstream.query.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Where two JSON trees differ, as JSON Pointers with what each side holds there, in document order
 * (object members by name). Objects compare regardless of member order, arrays element by element.
 */
final class JsonDifferences {

  private final int limit;
  private final List<String> found = new ArrayList<>();

  private JsonDifferences(int limit) {
    this.limit = limit;
  }

  /**
   * The first {@code limit} differences between {@code expected} and {@code actual}; empty when
   * they are equal.
   */
  static List<String> between(JsonNode expected, JsonNode actual, int limit) {
    Objects.requireNonNull(expected, "expected must not be null");
    Objects.requireNonNull(actual, "actual must not be null");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
    JsonDifferences differences = new JsonDifferences(limit);
    differences.compare("", expected, actual);
    return List.copyOf(differences.found);
  }

  private void compare(String pointer, JsonNode expected, JsonNode actual) {
    if (found.size() >= limit || expected.equals(actual)) {
      return;
    }
    if (expected.isObject() && actual.isObject()) {
      TreeSet<String> names = new TreeSet<>(expected.propertyNames());
      names.addAll(actual.propertyNames());
      for (String name : names) {
        String child = pointer + "/" + escape(name);
        JsonNode left = expected.get(name);
        JsonNode right = actual.get(name);
        if (left == null) {
          add(child + ": only in the served document: " + brief(right));
        } else if (right == null) {
          add(child + ": only in the committed document: " + brief(left));
        } else {
          compare(child, left, right);
        }
      }
    } else if (expected.isArray() && actual.isArray()) {
      int common = Math.min(expected.size(), actual.size());
      for (int i = 0; i < common; i++) {
        compare(pointer + "/" + i, expected.get(i), actual.get(i));
      }
      if (expected.size() != actual.size()) {
        add(
            where(pointer)
                + ": committed has "
                + expected.size()
                + " elements, served has "
                + actual.size());
      }
    } else {
      add(where(pointer) + ": committed " + brief(expected) + ", served " + brief(actual));
    }
  }

  private void add(String difference) {
    if (found.size() < limit) {
      found.add(difference);
    }
  }

  private static String where(String pointer) {
    return pointer.isEmpty() ? "(the whole document)" : pointer;
  }

  /** RFC 6901: '~' and '/' in a member name. */
  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  private static String brief(JsonNode node) {
    String text = node.toString();
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}
