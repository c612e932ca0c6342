package io.callstream.api.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What one audit entry says: everything its hash covers. Immutable.
 *
 * @param workspaceId the workspace whose chain holds it
 * @param seq its place in that chain, from 1
 * @param id its own unique id
 * @param type an {@link AuditType} name (a string, so that a stored row always reads back)
 * @param actor who did it ({@link Actor#id()})
 * @param sourceIp the address the request came from; null for the system
 * @param occurredAt when, to the microsecond (what PostgreSQL's {@code timestamptz} keeps)
 * @param diff what changed, a JSON object
 */
public record AuditEntry(
    String workspaceId,
    long seq,
    String id,
    String type,
    String actor,
    @Nullable String sourceIp,
    Instant occurredAt,
    JsonNode diff) {

  public AuditEntry {
    Objects.requireNonNull(workspaceId, "workspaceId must not be null");
    Objects.requireNonNull(id, "id must not be null");
    Objects.requireNonNull(type, "type must not be null");
    Objects.requireNonNull(actor, "actor must not be null");
    Objects.requireNonNull(occurredAt, "occurredAt must not be null");
    Objects.requireNonNull(diff, "diff must not be null");
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be at least 1, was " + seq);
    }
    if (!occurredAt.truncatedTo(ChronoUnit.MICROS).equals(occurredAt)) {
      throw new IllegalArgumentException(
          "occurredAt must be whole microseconds (PostgreSQL keeps no more), was " + occurredAt);
    }
  }
}
