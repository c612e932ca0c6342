package io.callstream.query.results;

import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Stores the events of one topic that a consumer polled. It runs inside the transaction a {@link
 * BatchStore} opened, which also logs the changes and moves the consumer's offsets.
 */
interface BatchWriter {

  /**
   * Stores the events of {@code batch} and emits, in batch order, those that changed what is
   * stored: the ones live subscribers are told about.
   */
  Flux<ConsumedEvent> write(List<ConsumedEvent> batch);
}
