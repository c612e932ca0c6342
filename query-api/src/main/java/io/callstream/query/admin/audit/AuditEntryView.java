package io.callstream.query.admin.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One audit entry as the API shows it. Immutable.
 *
 * @param id the entry's id
 * @param seq its place in the workspace's chain
 * @param type what happened ({@code ROLE_CHANGED}, ...)
 * @param actor who did it ({@code key:...}, {@code user:...}, {@code system:...})
 * @param sourceIp where the request came from; null for the system
 * @param occurredAt when
 * @param diff what changed
 */
public record AuditEntryView(
    String id,
    long seq,
    String type,
    String actor,
    @Nullable String sourceIp,
    Instant occurredAt,
    JsonNode diff) {}
