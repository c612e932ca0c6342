package io.callstream.api.audit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One text per JSON value, whatever spelling it arrived in: object keys sorted, no white space,
 * numbers as plain decimals without trailing zeros ({@code 1.50}, {@code 1.5E0} and {@code 1.5} are
 * all {@code 1.5}), strings with only the escapes JSON requires. PostgreSQL's {@code jsonb}
 * reorders keys and respells numbers, so a hash over this text survives the round trip through it
 * where a hash over the text we sent would not. Thread-safe.
 */
public final class CanonicalJson {

  /**
   * Reads decimals as {@link BigDecimal}: a double would round what {@code jsonb} keeps exactly.
   */
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private CanonicalJson() {}

  /** The JSON text of {@code value} (maps, lists, strings, numbers, booleans, times, null). */
  public static String write(Object value) {
    return JSON.writeValueAsString(value);
  }

  /** The tree of a JSON text, decimals exact. */
  public static JsonNode read(String json) {
    Objects.requireNonNull(json, "json must not be null");
    return JSON.readTree(json);
  }

  /** The canonical text of {@code node}. */
  public static String canonical(JsonNode node) {
    Objects.requireNonNull(node, "node must not be null");
    StringBuilder out = new StringBuilder();
    append(out, node);
    return out.toString();
  }

  private static void append(StringBuilder out, JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> properties = new ArrayList<>(node.properties());
        properties.sort(Map.Entry.comparingByKey());
        out.append('{');
        for (int i = 0; i < properties.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          appendString(out, properties.get(i).getKey());
          out.append(':');
          append(out, properties.get(i).getValue());
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        int i = 0;
        for (JsonNode element : node.values()) {
          if (i++ > 0) {
            out.append(',');
          }
          append(out, element);
        }
        out.append(']');
      }
      case STRING -> appendString(out, node.stringValue());
      case NUMBER -> out.append(number(node));
      case BOOLEAN -> out.append(node.booleanValue());
      case NULL -> out.append("null");
      default ->
          throw new IllegalArgumentException(
              "a " + node.getNodeType() + " node has no JSON text of its own");
    }
  }

  private static String number(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    BigDecimal value = node.decimalValue().stripTrailingZeros();
    // stripTrailingZeros keeps the scale of zero itself (0.0 stays 0.0 on some JDKs)
    return value.signum() == 0 ? "0" : value.toPlainString();
  }

  private static void appendString(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
