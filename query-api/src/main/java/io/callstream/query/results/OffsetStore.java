package io.callstream.query.results;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The consumers' positions in {@code consumer_offsets}: PostgreSQL, not Kafka, so that a position
 * moves in the same transaction as the rows of the records before it. Thread-safe.
 */
final class OffsetStore {

  private final DatabaseClient db;

  OffsetStore(DatabaseClient db) {
    this.db = Objects.requireNonNull(db, "db must not be null");
  }

  /** The stored next offset of each of {@code partitions} that has one. */
  Mono<Map<TopicPartition, Long>> load(String group, Collection<TopicPartition> partitions) {
    return Flux.fromIterable(partitions)
        .concatMap(
            partition ->
                db.sql(
                        "select next_offset from consumer_offsets where consumer_group = :group"
                            + " and topic = :topic and partition = :partition")
                    .bind("group", group)
                    .bind("topic", partition.topic())
                    .bind("partition", partition.partition())
                    .map(row -> Map.entry(partition, row.get("next_offset", Long.class)))
                    .one())
        .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
  }

  /**
   * Moves the group forward to {@code nextOffsets}; never back, so a consumer that lost a partition
   * to another instance and writes late cannot undo what that instance stored.
   */
  Mono<Void> save(String group, Map<TopicPartition, Long> nextOffsets) {
    List<Map.Entry<TopicPartition, Long>> entries = List.copyOf(nextOffsets.entrySet());
    return Flux.fromIterable(entries)
        .concatMap(
            entry ->
                db.sql(
                        "insert into consumer_offsets (consumer_group, topic, partition,"
                            + " next_offset) values (:group, :topic, :partition, :next)"
                            + " on conflict (consumer_group, topic, partition) do update"
                            + " set next_offset = excluded.next_offset, updated_at = now()"
                            + " where excluded.next_offset > consumer_offsets.next_offset")
                    .bind("group", group)
                    .bind("topic", entry.getKey().topic())
                    .bind("partition", entry.getKey().partition())
                    .bind("next", entry.getValue())
                    .fetch()
                    .rowsUpdated())
        .then();
  }
}
