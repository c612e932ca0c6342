package io.callstream.ingest.kafka;

import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.event.CallstreamEvent;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;
import reactor.core.publisher.Flux;
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

  public Mono<Void> publish(CallstreamEvent event) {
    // send() may block while it fetches metadata or waits for buffer space: keep it off Netty.
    return Mono.<Void>create(
            sink ->
                producer.send(
                    codec.encode(event),
                    (metadata, failure) -> {
                      if (failure == null) {
                        sink.success();
                      } else {
                        sink.error(failure);
                      }
                    }))
        .subscribeOn(Schedulers.boundedElastic());
  }

  /** Publishes in order; completes when every event is acknowledged. */
  public Mono<Void> publishAll(List<? extends CallstreamEvent> events) {
    return Flux.fromIterable(events).concatMap(this::publish, 256).then();
  }

  @Override
  public void close() {
    producer.close();
  }
}
