package io.callstream.query.admin.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Where a page of the audit list ended: the last entry's time and seq (the list's sort key), as
 * opaque base64url. Clients must not read it; its format may change. Immutable.
 *
 * @param occurredAt the last entry's time
 * @param seq the last entry's seq
 */
record AuditCursor(Instant occurredAt, long seq) {

  private static final String KIND = "audit";

  AuditCursor {
    Objects.requireNonNull(occurredAt, "occurredAt must not be null");
  }

  String encode() {
    String plain = KIND + "\n" + ChronoUnit.MICROS.between(Instant.EPOCH, occurredAt) + "\n" + seq;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a cursor this list gave out.
   *
   * @throws ResponseStatusException 400 when it is not one
   */
  static AuditCursor decode(String encoded) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
      String[] parts = plain.split("\n", -1);
      if (parts.length != 3 || !parts[0].equals(KIND)) {
        throw new IllegalArgumentException("wrong shape");
      }
      Instant time = Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
      return new AuditCursor(time, Long.parseLong(parts[2]));
    } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "cursor is not one this list gave out; start again without it");
    }
  }
}
