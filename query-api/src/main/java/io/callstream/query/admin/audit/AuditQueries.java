package io.callstream.query.admin.audit;

import io.callstream.api.audit.AuditEntry;
import io.callstream.api.audit.AuditType;
import io.callstream.api.audit.CanonicalJson;
import io.callstream.api.audit.ChainReport;
import io.callstream.api.audit.ChainVerifier;
import io.callstream.api.audit.StoredAuditEntry;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.query.api.Page;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Mono;

/** Reads a workspace's audit log, always in its workspace scope. Thread-safe. */
final class AuditQueries {

  /** Rows the chain walk fetches at a time: memory stays flat however long the chain. */
  private static final int CHAIN_FETCH_SIZE = 256;

  private static final String COLUMNS =
      "seq, id, type, actor, source_ip, occurred_at, diff::text as diff";

  private final DatabaseClient db;
  private final WorkspaceScope scope;

  AuditQueries(DatabaseClient db, WorkspaceScope scope) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
  }

  /** A page of entries, newest first (by time, then seq). */
  Mono<Page<AuditEntryView>> page(
      String workspaceId, AuditFilter filter, @Nullable AuditCursor after, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "select " + COLUMNS + " from audit_events where workspace_id = :workspaceId");
    if (!filter.types().isEmpty()) {
      sql.append(" and type = any(:types)");
    }
    if (filter.actor() != null) {
      sql.append(" and actor = :actor");
    }
    if (filter.from() != null) {
      sql.append(" and occurred_at >= :from");
    }
    if (filter.to() != null) {
      sql.append(" and occurred_at < :to");
    }
    if (after != null) {
      sql.append(" and (occurred_at, seq) < (:afterTime, :afterSeq)");
    }
    sql.append(" order by occurred_at desc, seq desc limit :limit");
    GenericExecuteSpec spec =
        db.sql(sql.toString()).bind("workspaceId", workspaceId).bind("limit", limit + 1);
    if (!filter.types().isEmpty()) {
      spec =
          spec.bind("types", filter.types().stream().map(AuditType::name).toArray(String[]::new));
    }
    if (filter.actor() != null) {
      spec = spec.bind("actor", filter.actor());
    }
    if (filter.from() != null) {
      spec = spec.bind("from", filter.from());
    }
    if (filter.to() != null) {
      spec = spec.bind("to", filter.to());
    }
    if (after != null) {
      spec = spec.bind("afterTime", after.occurredAt()).bind("afterSeq", after.seq());
    }
    return scope
        .mono(workspaceId, spec.map(row -> view(entry(workspaceId, row))).all().collectList())
        .map(rows -> page(rows, limit));
  }

  /** Walks the workspace's chain in seq order, streaming, and reports what it found. */
  Mono<ChainReport> verify(String workspaceId) {
    return scope
        .flux(
            workspaceId,
            db.sql(
                    "select "
                        + COLUMNS
                        + ", prev_hash, hash from audit_events"
                        + " where workspace_id = :workspaceId order by seq")
                .bind("workspaceId", workspaceId)
                .filter((statement, next) -> next.execute(statement.fetchSize(CHAIN_FETCH_SIZE)))
                .map(
                    row ->
                        new StoredAuditEntry(
                            entry(workspaceId, row),
                            required(row, "prev_hash", byte[].class),
                            required(row, "hash", byte[].class)))
                .all())
        .reduceWith(ChainVerifier::new, ChainVerifier::check)
        .map(ChainVerifier::report);
  }

  private static Page<AuditEntryView> page(List<AuditEntryView> rows, int limit) {
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    List<AuditEntryView> items = rows.subList(0, limit);
    AuditEntryView last = items.get(limit - 1);
    return new Page<>(items, new AuditCursor(last.occurredAt(), last.seq()).encode());
  }

  private static AuditEntry entry(String workspaceId, Readable row) {
    return new AuditEntry(
        workspaceId,
        required(row, "seq", Long.class),
        required(row, "id", String.class),
        required(row, "type", String.class),
        required(row, "actor", String.class),
        row.get("source_ip", String.class),
        required(row, "occurred_at", Instant.class),
        CanonicalJson.read(required(row, "diff", String.class)));
  }

  private static AuditEntryView view(AuditEntry entry) {
    return new AuditEntryView(
        entry.id(),
        entry.seq(),
        entry.type(),
        entry.actor(),
        entry.sourceIp(),
        entry.occurredAt(),
        entry.diff());
  }

  private static <T> T required(Readable row, String column, Class<T> type) {
    return Objects.requireNonNull(row.get(column, type), () -> column + " must not be null");
  }
}
