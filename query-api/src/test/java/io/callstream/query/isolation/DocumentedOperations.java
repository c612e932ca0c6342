package io.callstream.query.isolation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operations of an OpenAPI document, each with what a test needs to call it plausibly: its path
 * parameters, a sample value for each required query parameter, and a sample body built from the
 * request body's schema (enums take their first value, formats a valid value).
 */
final class DocumentedOperations {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");
  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private DocumentedOperations() {}

  /** One operation of the document. */
  record Operation(
      String method,
      String path,
      List<String> pathParameters,
      Map<String, String> requiredQuery,
      @Nullable String contentType,
      @Nullable JsonNode bodySample,
      boolean streams) {

    /** The path with each parameter's value, as {@code values} gives it. */
    String fill(Function<String, String> values) {
      Matcher parameter = PATH_PARAMETER.matcher(path);
      StringBuilder filled = new StringBuilder();
      while (parameter.find()) {
        parameter.appendReplacement(
            filled, Matcher.quoteReplacement(values.apply(parameter.group(1))));
      }
      parameter.appendTail(filled);
      StringBuilder query = new StringBuilder();
      requiredQuery.forEach(
          (name, value) ->
              query.append(query.isEmpty() ? "?" : "&").append(name).append('=').append(value));
      return filled + query.toString();
    }

    /** The sample body, with {@code overrides} for named properties, as bytes; null for none. */
    byte @Nullable [] body(Map<String, String> overrides) {
      if (bodySample == null) {
        return null;
      }
      JsonNode body = bodySample.deepCopy();
      if (body instanceof ObjectNode object) {
        overrides.forEach(
            (name, value) -> {
              if (object.has(name)) {
                object.put(name, value);
              }
            });
      }
      return JSON.writeValueAsBytes(body);
    }

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  /** Every operation of {@code document}, in the document's order. */
  static List<Operation> of(JsonNode document) {
    List<Operation> operations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
        String method = entry.getKey().toLowerCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
          continue;
        }
        JsonNode operation = entry.getValue();
        List<String> pathParameters = new ArrayList<>();
        Matcher parameter = PATH_PARAMETER.matcher(path.getKey());
        while (parameter.find()) {
          pathParameters.add(parameter.group(1));
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (JsonNode declared : parameters(document, path.getValue(), operation)) {
          if (declared.path("in").asString("").equals("query")
              && declared.path("required").asBoolean(false)) {
            JsonNode sample =
                sample(document, declared.path("schema"), declared.path("name").asString(), 0);
            query.put(
                declared.get("name").asString(),
                sample.isString() ? sample.asString() : sample.toString());
          }
        }
        String contentType = null;
        JsonNode bodySample = null;
        JsonNode content = resolve(document, operation.path("requestBody")).path("content");
        if (content.isObject() && !content.isEmpty()) {
          contentType =
              content.has("application/json")
                  ? "application/json"
                  : content.propertyNames().iterator().next();
          bodySample = sample(document, content.get(contentType).path("schema"), "", 0);
          if (bodySample.isString() && contentType.contains("json")) {
            // a body the controller reads as raw text (a template): a JSON object is plausible
            bodySample = NODES.objectNode().put("probe", "bola");
          }
        }
        boolean streams =
            operation.path("responses").path("200").path("content").has("text/event-stream");
        operations.add(
            new Operation(
                method.toUpperCase(Locale.ROOT),
                path.getKey(),
                List.copyOf(pathParameters),
                query,
                contentType,
                bodySample,
                streams));
      }
    }
    return operations;
  }

  private static List<JsonNode> parameters(JsonNode document, JsonNode path, JsonNode operation) {
    List<JsonNode> parameters = new ArrayList<>();
    for (JsonNode holder : List.of(path, operation)) {
      for (JsonNode parameter : holder.path("parameters")) {
        parameters.add(resolve(document, parameter));
      }
    }
    return parameters;
  }

  private static JsonNode resolve(JsonNode document, JsonNode node) {
    JsonNode resolved = node;
    for (int i = 0; i < 8 && resolved.has("$ref"); i++) {
      JsonNode target = document;
      for (String part : resolved.get("$ref").asString().substring(2).split("/")) {
        target = target.path(part.replace("~1", "/").replace("~0", "~"));
      }
      resolved = target;
    }
    return resolved;
  }

  /** A valid-looking value of {@code schema}; {@code name} is the property's, for hints. */
  private static JsonNode sample(JsonNode document, JsonNode schemaNode, String name, int depth) {
    JsonNode schema = resolve(document, schemaNode);
    if (depth > 6) {
      return NODES.nullNode();
    }
    if (schema.has("example")) {
      return schema.get("example");
    }
    if (schema.has("enum") && !schema.get("enum").isEmpty()) {
      return schema.get("enum").get(0);
    }
    for (String combined : List.of("oneOf", "anyOf", "allOf")) {
      if (schema.has(combined) && !schema.get(combined).isEmpty()) {
        return sample(document, schema.get(combined).get(0), name, depth + 1);
      }
    }
    JsonNode typeNode = schema.path("type");
    String type = typeNode.isArray() ? firstNonNull(typeNode) : typeNode.asString("");
    if (type.isEmpty() && schema.has("properties")) {
      type = "object";
    }
    switch (type) {
      case "object" -> {
        ObjectNode object = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> properties =
            schema.path("properties").properties().iterator();
        while (properties.hasNext()) {
          Map.Entry<String, JsonNode> property = properties.next();
          object.set(
              property.getKey(),
              sample(document, property.getValue(), property.getKey(), depth + 1));
        }
        return object;
      }
      case "array" -> {
        ArrayNode array = NODES.arrayNode();
        array.add(sample(document, schema.path("items"), name, depth + 1));
        return array;
      }
      case "integer" -> {
        long minimum = schema.path("minimum").asLong(1);
        return NODES.numberNode(
            Math.max(minimum, name.toLowerCase(Locale.ROOT).contains("day") ? 30 : 1));
      }
      case "number" -> {
        return NODES.numberNode(1.0);
      }
      case "boolean" -> {
        return NODES.booleanNode(true);
      }
      case "string" -> {
        return NODES.stringNode(stringSample(schema.path("format").asString(""), name));
      }
      default -> {
        return NODES.objectNode();
      }
    }
  }

  private static String firstNonNull(JsonNode types) {
    for (JsonNode type : types) {
      if (!type.asString().equals("null")) {
        return type.asString();
      }
    }
    return "";
  }

  private static String stringSample(String format, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (format.equals("date-time") || lower.endsWith("at")) {
      return Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    }
    if (format.equals("email") || lower.contains("email")) {
      return "bola-probe@example.com";
    }
    if (format.equals("uri") || lower.contains("url")) {
      return "https://llm.example.com/v1";
    }
    if (lower.equals("role")) {
      return "MEMBER";
    }
    // distinct per property: a rename from one value to the same one is refused as such
    return "bola-probe-" + (name.isEmpty() ? "value" : name);
  }
}
