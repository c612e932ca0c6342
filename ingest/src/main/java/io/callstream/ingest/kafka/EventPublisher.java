package io.callstream.ingest.kafka;

import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.event.CallstreamEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes events to the topic of their type. A returned {@code Mono} completes only once Kafka
 * has acknowledged the record ({@code acks=all}), so an HTTP 2xx can promise durability.
 * Thread-safe.
 */
public final class EventPublisher implements AutoCloseable {

  private final Producer<byte[], byte[]> producer;
  private final CloudEventCodec codec;

  public EventPublisher(Producer<byte[], byte[]> producer, CloudEventCodec codec) {
    this.producer = producer;
    this.codec = codec;
  }

  /** Publishes one event; completes when Kafka has acknowledged it. */
  public Mono<Void> publish(CallstreamEvent event) {
    return publishAll(List.of(event));
  }

  /**
   * Publishes in order; completes when every event is acknowledged, fails if any is not.
   *
   * <p>The events are sent one after another from one thread, so the producer keeps their order
   * (and, being idempotent, keeps it through retries), and their acknowledgements are awaited
   * together: a whole transcript costs a few round trips to Kafka, not one per segment. If some
   * fail, others may still have been written; event ids are deterministic, so a client's retry
   * gives duplicates that consumers drop.
   */
  public Mono<Void> publishAll(List<? extends CallstreamEvent> events) {
    // send() may block while it fetches metadata or waits for buffer space: keep it off Netty.
    return Mono.fromCallable(() -> sendAll(events))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(acknowledgements -> Mono.fromFuture(CompletableFuture.allOf(acknowledgements)));
  }

  private CompletableFuture<?>[] sendAll(List<? extends CallstreamEvent> events) {
    CompletableFuture<?>[] acknowledgements = new CompletableFuture<?>[events.size()];
    for (int i = 0; i < acknowledgements.length; i++) {
      CompletableFuture<Void> acknowledged = new CompletableFuture<>();
      producer.send(
          codec.encode(events.get(i)),
          (metadata, failure) -> {
            if (failure == null) {
              acknowledged.complete(null);
            } else {
              acknowledged.completeExceptionally(failure);
            }
          });
      acknowledgements[i] = acknowledged;
    }
    return acknowledgements;
  }

  @Override
  public void close() {
    producer.close();
  }
}
