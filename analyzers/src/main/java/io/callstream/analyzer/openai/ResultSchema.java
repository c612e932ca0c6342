package io.callstream.analyzer.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.openai.core.JsonValue;
import com.openai.models.ResponseFormatJsonSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One of our result schemas ({@code schemas/*.schema.json}): sent as the strict structured-output
 * {@code response_format}, and checked again on every answer, since OpenAI-compatible servers (and
 * strict mode's gaps) do not guarantee it. Strict mode wants {@code additionalProperties: false}
 * and every property required, nullable ones as {@code ["string", "null"]}. Thread-safe.
 */
final class ResultSchema {

  // before the schemas, which use them when they are loaded
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final int MAX_ERRORS = 5;

  /** The answer to a chunk; the test server answers chunk findings to this name. */
  static final ResultSchema CHUNK = load("chunk_findings", "schemas/chunk-findings.schema.json");

  /** The answer to the final pass; the test server answers a synthesis to this name. */
  static final ResultSchema SYNTHESIS = load("call_synthesis", "schemas/synthesis.schema.json");

  private final String name;
  private final Schema validator;
  private final ResponseFormatJsonSchema responseFormat;

  private ResultSchema(String name, String document) throws JsonProcessingException {
    this.name = name;
    this.validator = REGISTRY.getSchema(document, InputFormat.JSON);
    ResponseFormatJsonSchema.JsonSchema.Schema.Builder schema =
        ResponseFormatJsonSchema.JsonSchema.Schema.builder();
    JSON.readTree(document)
        .properties()
        .forEach(
            field ->
                schema.putAdditionalProperty(
                    field.getKey(), JsonValue.fromJsonNode(field.getValue())));
    this.responseFormat =
        ResponseFormatJsonSchema.builder()
            .jsonSchema(
                ResponseFormatJsonSchema.JsonSchema.builder()
                    .name(name)
                    .strict(true)
                    .schema(schema.build())
                    .build())
            .build();
  }

  String name() {
    return name;
  }

  ResponseFormatJsonSchema responseFormat() {
    return responseFormat;
  }

  /** An answer's content parsed, or what is wrong with it. */
  record Checked(@Nullable JsonNode json, String problem) {}

  /** Parses the content and checks it against the schema. */
  Checked check(@Nullable String content) {
    if (content == null || content.isBlank()) {
      return new Checked(null, "the answer is empty");
    }
    JsonNode json;
    try {
      json = JSON.readTree(content);
    } catch (JsonProcessingException e) {
      return new Checked(
          null,
          "not JSON: "
              + e.getOriginalMessage()
              + (e.getLocation() == null ? "" : " at char " + e.getLocation().getCharOffset()));
    }
    List<Error> errors = validator.validate(content, InputFormat.JSON);
    if (!errors.isEmpty()) {
      return new Checked(
          null,
          errors.stream()
              .limit(MAX_ERRORS)
              .map(error -> error.getInstanceLocation() + ": " + error.getMessage())
              .collect(Collectors.joining("; ")));
    }
    return new Checked(json, "");
  }

  private static ResultSchema load(String name, String resource) {
    try (InputStream in = ResultSchema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no schema resource " + resource);
      }
      return new ResultSchema(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema " + resource, e);
    }
  }
}
