package io.callstream.query.admin.crypto;

import io.callstream.api.audit.Actor;
import io.callstream.api.audit.AuditLog;
import io.callstream.api.audit.AuditType;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.crypto.CiphertextRejectedException;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.crypto.KeyIds;
import io.callstream.core.crypto.WorkspaceKeyring;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.EventJson;
import io.callstream.core.event.EventType;
import io.callstream.query.admin.crypto.ReEncryptionReport.TableCount;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Moves every ciphertext of a workspace in PostgreSQL that is not under its primary key to it: the
 * {@link EncryptedColumn}s, found by their key-id prefix in SQL, and the events of {@code
 * live_events}, whose ciphertext is inside their JSON and is checked in Java. Each value is
 * decrypted and encrypted again with the same workspace, call and field.
 *
 * <p>The job pages through each table in key order, a batch at a time, each batch in its own
 * transaction in the workspace's scope: memory stays at one batch, and a job that stops (a crash, a
 * restart) loses at most its open batch; running it again moves what is left, since moved rows no
 * longer match. A row is only replaced if it still holds the ciphertext that was read, so a result
 * stored meanwhile is never overwritten with an older one. Rows that do not decrypt stay as they
 * are and are counted.
 *
 * <p>Kafka's records cannot be rewritten: ciphertext on the topics (and in Flink's state) stays
 * under the key it was made with, which is why rotation keeps old keys in the keyset. Thread-safe.
 */
final class ReEncryption {

  private static final Logger LOG = LoggerFactory.getLogger(ReEncryption.class);
  private static final String LIVE_EVENTS = "live_events";

  private final DatabaseClient db;
  private final WorkspaceScope scope;
  private final WorkspaceKeyring keyring;
  private final FieldCipher cipher;
  private final AuditLog audit;
  private final int batchSize;

  ReEncryption(
      DatabaseClient db,
      WorkspaceScope scope,
      WorkspaceKeyring keyring,
      FieldCipher cipher,
      AuditLog audit,
      int batchSize) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
    this.keyring = Objects.requireNonNull(keyring, "keyring must not be null");
    this.cipher = Objects.requireNonNull(cipher, "cipher must not be null");
    this.audit = Objects.requireNonNull(audit, "audit must not be null");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive");
    }
    this.batchSize = batchSize;
  }

  /**
   * Re-encrypts the workspace's data under its primary key as stored now, and audits the counts.
   */
  Mono<ReEncryptionReport> run(String workspaceId, Actor actor) {
    return Mono.fromCallable(() -> storedPrimaryKeyId(workspaceId))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            primary ->
                primary.isEmpty()
                    ? Mono.just(ReEncryptionReport.nothing(workspaceId))
                    : moveAll(workspaceId, primary.getAsInt()))
        .flatMap(
            report ->
                scope
                    .mono(
                        workspaceId,
                        audit.record(workspaceId, AuditType.KEYS_REENCRYPTED, actor, report.diff()))
                    .thenReturn(report))
        .doOnNext(
            report ->
                LOG.info(
                    "re-encrypted workspace {} under key {}: moved {}, unreadable {}",
                    workspaceId,
                    report.primaryKeyId(),
                    report.moved(),
                    report.unreadable()));
  }

  /**
   * The primary key as the store has it now, not as cached: a rotation may have come from
   * elsewhere.
   */
  private OptionalInt storedPrimaryKeyId(String workspaceId) {
    keyring.evict(workspaceId);
    return keyring.primaryKeyId(workspaceId);
  }

  private Mono<ReEncryptionReport> moveAll(String workspaceId, int primaryKeyId) {
    return Flux.fromIterable(EncryptedColumn.ALL)
        .concatMap(column -> moveColumn(workspaceId, column, primaryKeyId))
        .concatWith(moveLiveEvents(workspaceId, primaryKeyId))
        .collectList()
        .map(counts -> ReEncryptionReport.of(workspaceId, primaryKeyId, counts));
  }

  // --- encrypted columns ---------------------------------------------------------------------

  private Mono<TableCount> moveColumn(
      String workspaceId, EncryptedColumn column, int primaryKeyId) {
    byte[] prefix = KeyIds.prefixOf(primaryKeyId);
    return columnBatch(workspaceId, column, prefix, null)
        .expand(
            batch ->
                batch.full()
                    ? columnBatch(workspaceId, column, prefix, batch.last())
                    : Mono.empty())
        .reduce(
            new TableCount(column.table(), 0, 0),
            (count, batch) -> count.plus(batch.moved(), batch.unreadable()));
  }

  private Mono<Batch> columnBatch(
      String workspaceId, EncryptedColumn column, byte[] prefix, @Nullable List<Object> after) {
    String keys =
        column.keys().stream().map(EncryptedColumn.Key::name).collect(Collectors.joining(", "));
    StringBuilder select =
        new StringBuilder("select ")
            .append(keys)
            .append(", ")
            .append(column.column())
            .append(" as ciphertext from ")
            .append(column.table())
            .append(" where workspace_id = :workspaceId and substring(")
            .append(column.column())
            .append(" from 1 for ")
            .append(KeyIds.PREFIX_LENGTH)
            .append(") <> :prefix");
    if (after != null) {
      select.append(" and (").append(keys).append(") > (").append(placeholders(column)).append(')');
    }
    select.append(" order by ").append(keys).append(" limit :limit");
    DatabaseClient.GenericExecuteSpec spec =
        db.sql(select.toString())
            .bind("workspaceId", workspaceId)
            .bind("prefix", prefix)
            .bind("limit", batchSize);
    if (after != null) {
      for (int i = 0; i < after.size(); i++) {
        spec = spec.bind("k" + i, after.get(i));
      }
    }
    Mono<List<StoredValue>> rows =
        spec.map(
                row -> {
                  List<Object> key = new ArrayList<>();
                  for (EncryptedColumn.Key k : column.keys()) {
                    key.add(Objects.requireNonNull(row.get(k.name(), k.type())));
                  }
                  return new StoredValue(
                      key, Objects.requireNonNull(row.get("ciphertext", byte[].class)));
                })
            .all()
            .collectList();
    return moveBatch(
        workspaceId,
        rows,
        values -> reencryptValues(workspaceId, column, values),
        move -> replace(workspaceId, column, move),
        StoredValue::key);
  }

  private Moves reencryptValues(
      String workspaceId, EncryptedColumn column, List<StoredValue> values) {
    List<Replacement> replacements = new ArrayList<>(values.size());
    long unreadable = 0;
    for (StoredValue value : values) {
      String callId = (String) value.key().get(0);
      try {
        replacements.add(
            new Replacement(
                value.key(),
                value.ciphertext(),
                cipher.reencrypt(workspaceId, callId, column.field(), value.ciphertext())));
      } catch (CiphertextRejectedException e) {
        unreadable++;
        LOG.warn(
            "left {}.{} of {}: {}", column.table(), column.column(), value.key(), e.getMessage());
      }
    }
    return new Moves(replacements, unreadable);
  }

  private Mono<Long> replace(String workspaceId, EncryptedColumn column, Replacement move) {
    StringBuilder update =
        new StringBuilder("update ")
            .append(column.table())
            .append(" set ")
            .append(column.column())
            .append(" = :replacement where workspace_id = :workspaceId");
    for (int i = 0; i < column.keys().size(); i++) {
      update.append(" and ").append(column.keys().get(i).name()).append(" = :k").append(i);
    }
    update.append(" and ").append(column.column()).append(" = :original");
    DatabaseClient.GenericExecuteSpec spec =
        db.sql(update.toString())
            .bind("replacement", move.replacement())
            .bind("workspaceId", workspaceId)
            .bind("original", move.original());
    for (int i = 0; i < move.key().size(); i++) {
      spec = spec.bind("k" + i, move.key().get(i));
    }
    return spec.fetch().rowsUpdated();
  }

  private static String placeholders(EncryptedColumn column) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < column.keys().size(); i++) {
      names.add(":k" + i);
    }
    return String.join(", ", names);
  }

  // --- live events ---------------------------------------------------------------------------

  private Mono<TableCount> moveLiveEvents(String workspaceId, int primaryKeyId) {
    return eventBatch(workspaceId, primaryKeyId, null)
        .expand(
            batch ->
                batch.full() ? eventBatch(workspaceId, primaryKeyId, batch.last()) : Mono.empty())
        .reduce(
            new TableCount(LIVE_EVENTS, 0, 0),
            (count, batch) -> count.plus(batch.moved(), batch.unreadable()));
  }

  private Mono<Batch> eventBatch(
      String workspaceId, int primaryKeyId, @Nullable List<Object> after) {
    String sql =
        "select topic, partition, kafka_offset, type, event from live_events"
            + " where workspace_id = :workspaceId"
            + (after == null ? "" : " and (topic, partition, kafka_offset) > (:k0, :k1, :k2)")
            + " order by topic, partition, kafka_offset limit :limit";
    DatabaseClient.GenericExecuteSpec spec =
        db.sql(sql).bind("workspaceId", workspaceId).bind("limit", batchSize);
    if (after != null) {
      spec = spec.bind("k0", after.get(0)).bind("k1", after.get(1)).bind("k2", after.get(2));
    }
    Mono<List<StoredEvent>> rows =
        spec.map(
                row ->
                    new StoredEvent(
                        List.of(
                            Objects.requireNonNull(row.get("topic", String.class)),
                            Objects.requireNonNull(row.get("partition", Integer.class)),
                            Objects.requireNonNull(row.get("kafka_offset", Long.class))),
                        Objects.requireNonNull(row.get("type", String.class)),
                        Objects.requireNonNull(row.get("event", byte[].class))))
            .all()
            .collectList();
    return moveBatch(
        workspaceId,
        rows,
        events -> reencryptEvents(primaryKeyId, events),
        move -> replaceEvent(workspaceId, move),
        StoredEvent::key);
  }

  /**
   * One batch in the workspace's scope: reads {@code rows}, re-encrypts them with {@code reencrypt}
   * off the event loop (the first use of a keyset may read a file), then writes each replacement
   * with {@code replace}.
   */
  private <T> Mono<Batch> moveBatch(
      String workspaceId,
      Mono<List<T>> rows,
      Function<List<T>, Moves> reencrypt,
      Function<Replacement, Mono<Long>> replace,
      Function<T, List<Object>> keyOf) {
    return scope.mono(
        workspaceId,
        rows.flatMap(
            read ->
                Mono.fromCallable(() -> reencrypt.apply(read))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(
                        moves ->
                            Flux.fromIterable(moves.replacements())
                                .concatMap(replace)
                                .reduce(0L, Long::sum)
                                .map(
                                    moved ->
                                        new Batch(
                                            moved,
                                            moves.unreadable(),
                                            read.size() == batchSize,
                                            read.isEmpty()
                                                ? null
                                                : keyOf.apply(read.get(read.size() - 1)))))));
  }

  private Moves reencryptEvents(int primaryKeyId, List<StoredEvent> events) {
    List<Replacement> replacements = new ArrayList<>();
    long unreadable = 0;
    for (StoredEvent stored : events) {
      try {
        Optional<CallstreamEvent> moved =
            EventCiphertexts.reencrypted(read(stored), primaryKeyId, cipher);
        if (moved.isPresent()) {
          replacements.add(
              new Replacement(stored.key(), stored.json(), EventJson.write(moved.get())));
        }
      } catch (CiphertextRejectedException | IOException | IllegalStateException e) {
        unreadable++;
        LOG.warn("left the live event at {}: {}", stored.key(), e.getMessage());
      }
    }
    return new Moves(replacements, unreadable);
  }

  private static CallstreamEvent read(StoredEvent stored) throws IOException {
    EventType type =
        EventType.fromCeType(stored.type())
            .orElseThrow(() -> new IllegalStateException("unknown event type " + stored.type()));
    return EventJson.read(stored.json(), type);
  }

  private Mono<Long> replaceEvent(String workspaceId, Replacement move) {
    return db.sql(
            "update live_events set event = :replacement where workspace_id = :workspaceId"
                + " and topic = :k0 and partition = :k1 and kafka_offset = :k2"
                + " and event = :original")
        .bind("replacement", move.replacement())
        .bind("workspaceId", workspaceId)
        .bind("k0", move.key().get(0))
        .bind("k1", move.key().get(1))
        .bind("k2", move.key().get(2))
        .bind("original", move.original())
        .fetch()
        .rowsUpdated();
  }

  // --- values --------------------------------------------------------------------------------

  /** A row's key and ciphertext as read. */
  private record StoredValue(List<Object> key, byte[] ciphertext) {}

  /** A {@code live_events} row: its key, CloudEvents type and event JSON. */
  private record StoredEvent(List<Object> key, String type, byte[] json) {}

  /** The new value of a row, replacing {@code original} only if that is still what it holds. */
  private record Replacement(List<Object> key, byte[] original, byte[] replacement) {}

  /** What one batch's values became. */
  private record Moves(List<Replacement> replacements, long unreadable) {}

  /** One batch done: rows moved and left, whether it was full, and the last key it read. */
  private record Batch(long moved, long unreadable, boolean full, @Nullable List<Object> last) {}
}
