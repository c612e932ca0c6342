package io.callstream.api.audit;

import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.id.Ids;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The audit log in PostgreSQL's {@code audit_events}, one hash chain per workspace (see {@link
 * AuditChain}). An append takes a transaction-scoped advisory lock on its workspace before it reads
 * the chain's last entry, so concurrent appends of one workspace queue up, and never share a {@code
 * seq} or fork the chain; other workspaces do not wait. The lock lasts until the caller's
 * transaction ends, which is why an action should record its entry last. Thread-safe.
 */
public final class ChainedAuditLog implements AuditLog {

  /** The first key of our advisory locks ("audi"), so they never meet another use of the lock. */
  private static final int LOCK_SPACE = 0x61756469;

  /**
   * Diff keys that would name content a diff must never hold; a caller who uses one learns at once,
   * in its tests, rather than leaking a token into an append-only table.
   */
  private static final Set<String> FORBIDDEN_KEYS =
      Set.of(
          "token",
          "secret",
          "password",
          "apikey",
          "api_key",
          "privatekey",
          "keyset",
          "keymaterial",
          "transcript",
          "text");

  private final DatabaseClient db;
  private final WorkspaceScope scope;
  private final Clock clock;

  private ChainedAuditLog(DatabaseClient db, WorkspaceScope scope, Clock clock) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
  }

  /** An audit log that stamps entries with {@code clock}'s time. */
  public static ChainedAuditLog create(DatabaseClient db, WorkspaceScope scope, Clock clock) {
    return new ChainedAuditLog(db, scope, clock);
  }

  @Override
  public Mono<Void> record(
      String workspaceId, AuditType type, Actor actor, Map<String, Object> diff) {
    JsonNode diffTree;
    try {
      Objects.requireNonNull(workspaceId, "workspaceId must not be null");
      Objects.requireNonNull(type, "type must not be null");
      Objects.requireNonNull(actor, "actor must not be null");
      Objects.requireNonNull(diff, "diff must not be null");
      diffTree = CanonicalJson.read(CanonicalJson.write(diff));
      checkKeys(diffTree, "diff");
    } catch (RuntimeException e) {
      return Mono.error(e);
    }
    return scope.mono(
        workspaceId,
        db.sql("select pg_advisory_xact_lock(:space, hashtext(:workspaceId))")
            .bind("space", LOCK_SPACE)
            .bind("workspaceId", workspaceId)
            .then()
            .then(last(workspaceId))
            .flatMap(previous -> append(previous, workspaceId, type, actor, diffTree)));
  }

  /** The chain's last link: its seq and hash; seq 0 and the genesis hash for an empty chain. */
  private Mono<Link> last(String workspaceId) {
    return db.sql(
            "select seq, hash from audit_events where workspace_id = :workspaceId"
                + " order by seq desc limit 1")
        .bind("workspaceId", workspaceId)
        .map(
            row ->
                new Link(
                    Objects.requireNonNull(row.get("seq", Long.class)),
                    Objects.requireNonNull(row.get("hash", byte[].class))))
        .one()
        .defaultIfEmpty(new Link(0, AuditChain.genesis()));
  }

  private Mono<Void> append(
      Link previous, String workspaceId, AuditType type, Actor actor, JsonNode diff) {
    // read under the lock, so that times follow seq within a workspace
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    AuditEntry entry =
        new AuditEntry(
            workspaceId,
            previous.seq() + 1,
            Ids.timeOrdered(clock),
            type.name(),
            actor.id(),
            actor.sourceIp(),
            now,
            diff);
    byte[] hash = AuditChain.hash(previous.hash(), entry);
    GenericExecuteSpec insert =
        db.sql(
                "insert into audit_events (workspace_id, seq, id, type, actor, source_ip,"
                    + " occurred_at, diff, prev_hash, hash) values (:workspaceId, :seq, :id, :type,"
                    + " :actor, :sourceIp, :occurredAt, cast(:diff as jsonb), :prevHash, :hash)")
            .bind("workspaceId", entry.workspaceId())
            .bind("seq", entry.seq())
            .bind("id", entry.id())
            .bind("type", entry.type())
            .bind("actor", entry.actor())
            .bind("occurredAt", entry.occurredAt())
            .bind("diff", CanonicalJson.canonical(entry.diff()))
            .bind("prevHash", previous.hash())
            .bind("hash", hash);
    String sourceIp = entry.sourceIp();
    insert =
        sourceIp == null
            ? insert.bindNull("sourceIp", String.class)
            : insert.bind("sourceIp", sourceIp);
    return insert.then();
  }

  private static void checkKeys(JsonNode node, String path) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> property : node.properties()) {
        String key = property.getKey();
        if (FORBIDDEN_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
          throw new IllegalArgumentException(
              path
                  + "."
                  + key
                  + " is not allowed in an audit diff: it would keep content or a secret forever;"
                  + " record ids, names, roles, settings or a digest instead");
        }
        checkKeys(property.getValue(), path + "." + key);
      }
    } else if (node.isArray()) {
      for (JsonNode element : node.values()) {
        checkKeys(element, path + "[]");
      }
    }
  }

  private record Link(long seq, byte[] hash) {}
}
