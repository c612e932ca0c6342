package io.callstream.ingest.kafka;

import io.callstream.api.kafka.KafkaSends;
import io.callstream.api.problem.ServiceUnavailableException;
import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.event.CallstreamEvent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes events to the topic of their type. A returned {@code Mono} completes only once Kafka
 * has acknowledged the record ({@code acks=all}), so an HTTP 2xx can promise durability.
 *
 * <p>When Kafka is slow or gone, a request waits at most {@link PublishBounds#timeout()} and then
 * fails with a {@link ServiceUnavailableException} (503 with {@code Retry-After}); so does a
 * retriable Kafka error. At most {@link PublishBounds#maxPendingRequests()} requests wait at once:
 * one more fails at once the same way, so an outage cannot pile up requests (and their events) in
 * memory. Records waiting in the producer are bounded by its {@code buffer.memory} on top.
 * Thread-safe.
 */
public final class EventPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

  private static final Executor ELASTIC = task -> Schedulers.boundedElastic().schedule(task);

  private final Producer<byte[], byte[]> producer;
  private final CloudEventCodec codec;
  private final PublishBounds bounds;
  private final AtomicInteger pending = new AtomicInteger();

  public EventPublisher(
      Producer<byte[], byte[]> producer, CloudEventCodec codec, PublishBounds bounds) {
    this.producer = Objects.requireNonNull(producer, "producer must not be null");
    this.codec = Objects.requireNonNull(codec, "codec must not be null");
    this.bounds = Objects.requireNonNull(bounds, "bounds must not be null");
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
   * together: a whole transcript costs a few round trips to Kafka, not one per segment.
   *
   * <p>Not atomic: if some fail (or time out), others may still have been written, and a record
   * that timed out may still be written until the producer's own delivery timeout (the same length)
   * has passed. Event ids are deterministic, so a client's retry gives duplicates that consumers
   * drop by id.
   */
  public Mono<Void> publishAll(List<? extends CallstreamEvent> events) {
    Objects.requireNonNull(events, "events must not be null");
    if (events.isEmpty()) {
      return Mono.empty();
    }
    return Mono.defer(
        () -> {
          if (pending.incrementAndGet() > bounds.maxPendingRequests()) {
            pending.decrementAndGet();
            return Mono.error(overloaded());
          }
          // send() may block while it fetches metadata or waits for buffer space: keep it off
          // Netty. It blocks at most max.block.ms, which is the timeout. The timeout completes the
          // future rather than cancelling the work: interrupting a thread inside the producer only
          // turns one timeout into another, and acknowledgements that come late are ignored.
          return Mono.fromFuture(
                  () -> {
                    long deadline = System.nanoTime() + bounds.timeout().toNanos();
                    return CompletableFuture.supplyAsync(() -> sendAll(events, deadline), ELASTIC)
                        .thenCompose(CompletableFuture::allOf)
                        .orTimeout(bounds.timeout().toMillis(), TimeUnit.MILLISECONDS);
                  },
                  true)
              // The future completes on the producer's network thread (or the JDK's timer): the
              // rest of the request must not hold up Kafka's I/O.
              .publishOn(Schedulers.parallel())
              .onErrorMap(KafkaSends::isTransient, failure -> unavailable(events, failure))
              .doFinally(signal -> pending.decrementAndGet());
        });
  }

  /** How many requests wait for Kafka right now. */
  public int pendingRequests() {
    return pending.get();
  }

  /**
   * Hands the events to the producer in order, and stops as soon as the request is lost: a send
   * that failed at once (no metadata, no buffer space within max.block.ms) or a deadline that has
   * passed. Otherwise every later send could block as long again, and records of a request that was
   * answered 503 long ago would keep going to Kafka.
   */
  private CompletableFuture<?>[] sendAll(List<? extends CallstreamEvent> events, long deadline) {
    CompletableFuture<?>[] acknowledgements = new CompletableFuture<?>[events.size()];
    for (int i = 0; i < acknowledgements.length; i++) {
      if (i > 0
          && (acknowledgements[i - 1].isCompletedExceptionally()
              || System.nanoTime() - deadline > 0)) {
        CompletableFuture<Void> notSent =
            CompletableFuture.failedFuture(
                new org.apache.kafka.common.errors.TimeoutException(
                    "not sent: the request failed or ran out of time after "
                        + i
                        + " of "
                        + events.size()
                        + " events"));
        Arrays.fill(acknowledgements, i, acknowledgements.length, notSent);
        break;
      }
      acknowledgements[i] = KafkaSends.send(producer, codec.encode(events.get(i)));
    }
    return acknowledgements;
  }

  private ServiceUnavailableException unavailable(
      List<? extends CallstreamEvent> events, Throwable failure) {
    LOG.warn(
        "Kafka did not acknowledge {} event(s) of type {} within {}: {}",
        events.size(),
        events.get(0).type(),
        bounds.timeout(),
        String.valueOf(failure));
    return new ServiceUnavailableException(
        "Kafka did not acknowledge the request within "
            + describe(bounds.timeout())
            + ", so it is not accepted; retry it after "
            + describe(bounds.retryAfter())
            + " (with the same Idempotency-Key, if it had one)",
        bounds.retryAfter(),
        failure);
  }

  private ServiceUnavailableException overloaded() {
    return new ServiceUnavailableException(
        bounds.maxPendingRequests()
            + " requests are already waiting for Kafka (callstream.ingest.kafka-max-pending-requests),"
            + " so this one is not accepted; retry it after "
            + describe(bounds.retryAfter()),
        bounds.retryAfter(),
        null);
  }

  private static String describe(Duration duration) {
    return duration.toMillisPart() == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }

  @Override
  public void close() {
    producer.close();
  }
}
