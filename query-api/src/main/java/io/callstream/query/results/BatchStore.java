package io.callstream.query.results;

import io.callstream.query.live.EventPosition;
import io.callstream.query.live.LiveLog;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Stores a polled batch in one transaction: what its events change, the changes into the live log
 * (announced to every instance when the transaction commits), and where the consumer goes on.
 * Either all of it is stored or none. Thread-safe.
 */
final class BatchStore {

  private final BatchWriter writer;
  private final LiveLog log;
  private final OffsetStore offsets;
  private final String group;
  private final TransactionalOperator transactions;

  BatchStore(
      BatchWriter writer,
      LiveLog log,
      OffsetStore offsets,
      String group,
      TransactionalOperator transactions) {
    this.writer = Objects.requireNonNull(writer, "writer must not be null");
    this.log = Objects.requireNonNull(log, "log must not be null");
    this.offsets = Objects.requireNonNull(offsets, "offsets must not be null");
    this.group = Objects.requireNonNull(group, "group must not be null");
    this.transactions = Objects.requireNonNull(transactions, "transactions must not be null");
  }

  /**
   * Stores {@code batch} and {@code nextOffsets}.
   *
   * @param batch the decoded events, in the order they were polled
   * @param nextOffsets for every partition the poll returned records of (decodable or not), the
   *     offset after its last record
   */
  Mono<Void> store(List<ConsumedEvent> batch, Map<TopicPartition, Long> nextOffsets) {
    return writer
        .write(batch)
        .map(
            changed ->
                new LiveLog.Entry(
                    changed.event(),
                    new EventPosition(changed.topic(), changed.partition(), changed.offset())))
        .collectList()
        .flatMap(log::append)
        .then(offsets.save(group, nextOffsets))
        .as(transactions::transactional);
  }
}
