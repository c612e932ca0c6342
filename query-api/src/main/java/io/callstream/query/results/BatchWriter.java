package io.callstream.query.results;

import io.callstream.core.event.CallstreamEvent;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import reactor.core.publisher.Mono;

/** Stores what a consumer polled, together with where the consumer goes on, atomically. */
interface BatchWriter {

  /**
   * Stores {@code batch} and {@code nextOffsets} in one transaction, and emits, once it committed,
   * the events that changed what is stored: those the live subscribers are told about.
   *
   * @param batch the decoded events, in the order they were polled
   * @param nextOffsets for every partition the poll returned records of (decodable or not), the
   *     offset after its last record
   */
  Mono<List<CallstreamEvent>> write(
      List<ConsumedEvent> batch, Map<TopicPartition, Long> nextOffsets);
}
