package io.callstream.query.admin.settings;

import io.callstream.api.audit.AuditChain;
import io.callstream.api.audit.CanonicalJson;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A template's body as a request sent it: a JSON object of at most {@value #MAX_BYTES} bytes that
 * PostgreSQL's {@code jsonb} can hold (no NUL character, numbers of sane size). Immutable.
 *
 * @param json the body, canonical JSON text
 * @param digest {@code sha256:} and the hex SHA-256 of {@code json}: what the audit log records in
 *     place of the body
 */
record TemplateBody(String json, String digest) {

  static final int MAX_BYTES = 64 * 1024;

  /** Digits a number may have, and the largest exponent: far beyond any template's needs. */
  private static final int MAX_DIGITS = 100;

  TemplateBody {
    Objects.requireNonNull(json, "json must not be null");
    Objects.requireNonNull(digest, "digest must not be null");
  }

  /**
   * The body of {@code request}.
   *
   * @throws ResponseStatusException 413 when too large, 400 when not a JSON object jsonb can hold
   */
  static TemplateBody parse(String request) {
    if (request.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw tooLarge();
    }
    JsonNode tree;
    try {
      tree = CanonicalJson.read(request);
    } catch (JacksonException e) {
      throw badRequest("the template body must be a JSON object, and this is not valid JSON");
    }
    if (tree == null || !tree.isObject()) {
      throw badRequest("the template body must be a JSON object");
    }
    check(tree);
    return of(tree);
  }

  /**
   * Refuses a body whose declared length is too large before reading any of it.
   *
   * @throws ResponseStatusException 413
   */
  static void checkDeclaredLength(ServerHttpRequest request) {
    if (request.getHeaders().getContentLength() > MAX_BYTES) {
      throw tooLarge();
    }
  }

  /** The body of a stored template, its JSON text as PostgreSQL printed it. */
  static TemplateBody stored(String json) {
    return of(CanonicalJson.read(json));
  }

  private static TemplateBody of(JsonNode tree) {
    String canonical = CanonicalJson.canonical(tree);
    byte[] hash = AuditChain.sha256(canonical.getBytes(StandardCharsets.UTF_8));
    return new TemplateBody(canonical, "sha256:" + HexFormat.of().formatHex(hash));
  }

  private static void check(JsonNode node) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> property : node.properties()) {
        checkText(property.getKey());
        check(property.getValue());
      }
    } else if (node.isArray()) {
      for (JsonNode element : node.values()) {
        check(element);
      }
    } else if (node.isString()) {
      checkText(node.stringValue());
    } else if (node.isNumber() && !node.isIntegralNumber()) {
      BigDecimal number = node.decimalValue();
      if (number.precision() > MAX_DIGITS || Math.abs(number.scale()) > MAX_DIGITS) {
        throw badRequest("numbers in a template body must have at most " + MAX_DIGITS + " digits");
      }
    } else if (node.isIntegralNumber() && node.bigIntegerValue().bitLength() > MAX_DIGITS * 4) {
      throw badRequest("numbers in a template body must have at most " + MAX_DIGITS + " digits");
    }
  }

  private static void checkText(String text) {
    if (text.indexOf('\0') >= 0) {
      throw badRequest("a template body must not contain the NUL character (\\u0000)");
    }
  }

  private static ResponseStatusException tooLarge() {
    return new ResponseStatusException(
        HttpStatus.CONTENT_TOO_LARGE,
        "a template body may be at most " + MAX_BYTES + " bytes of JSON");
  }

  private static ResponseStatusException badRequest(String detail) {
    return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
  }
}
