package io.callstream.query.admin.audit;

import io.callstream.api.audit.AuditType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Which entries the audit list shows; null or empty fields filter nothing. Immutable.
 *
 * @param types any of these types
 * @param actor exactly this actor id
 * @param from at or after this time
 * @param to before this time
 */
record AuditFilter(
    List<AuditType> types, @Nullable String actor, @Nullable Instant from, @Nullable Instant to) {

  static final int MAX_ACTOR_LENGTH = 200;

  AuditFilter {
    types = List.copyOf(types);
  }

  /**
   * The filter of the list's query parameters.
   *
   * @throws ResponseStatusException 400 naming the parameter that is not understood
   */
  static AuditFilter of(
      @Nullable List<String> types,
      @Nullable String actor,
      @Nullable String from,
      @Nullable String to) {
    List<AuditType> parsed = new ArrayList<>();
    for (String type : types == null ? List.<String>of() : types) {
      if (type.isBlank()) {
        continue;
      }
      try {
        AuditType value = AuditType.valueOf(type.strip().toUpperCase(Locale.ROOT));
        if (!parsed.contains(value)) {
          parsed.add(value);
        }
      } catch (IllegalArgumentException e) {
        throw badRequest(
            "type must be one of " + Arrays.toString(AuditType.values()) + ", was '" + type + "'");
      }
    }
    String actorId = actor == null || actor.isBlank() ? null : actor.strip();
    if (actorId != null && actorId.length() > MAX_ACTOR_LENGTH) {
      throw badRequest("actor must be at most " + MAX_ACTOR_LENGTH + " characters long");
    }
    // PostgreSQL text holds no NUL, and no actor id has control characters
    if (actorId != null && actorId.chars().anyMatch(Character::isISOControl)) {
      throw badRequest("actor must not contain control characters");
    }
    Instant start = instant("from", from);
    Instant end = instant("to", to);
    if (start != null && end != null && !start.isBefore(end)) {
      throw badRequest("from must be before to");
    }
    return new AuditFilter(parsed, actorId, start, end);
  }

  private static @Nullable Instant instant(String name, @Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw badRequest(
          name
              + " must be an ISO-8601 time with an offset, like 2026-03-01T10:00:00Z, was '"
              + value
              + "'");
    }
  }

  static ResponseStatusException badRequest(String detail) {
    return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
  }
}
