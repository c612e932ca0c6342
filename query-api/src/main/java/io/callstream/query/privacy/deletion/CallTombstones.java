package io.callstream.query.privacy.deletion;

import io.callstream.api.kafka.KafkaSends;
import io.callstream.api.problem.ServiceUnavailableException;
import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.event.CallDeleted;
import io.callstream.core.event.Topic;
import io.callstream.core.id.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Tells Kafka that calls are gone: for each call a {@link CallDeleted} event (so consumers learn
 * that, and why, it went away), then a tombstone (key = call id, null value) on every compacted
 * topic, so compaction erases the call's records there, its {@code CallDeleted} included. The
 * records of non-compacted topics age out with their retention, and stay unreadable once the
 * workspace's keyset is destroyed.
 *
 * <p>A returned {@code Mono} completes once Kafka acknowledged every record ({@code acks=all}, an
 * idempotent producer); when Kafka does not within the timeout it fails with {@link
 * ServiceUnavailableException}. Thread-safe.
 */
public final class CallTombstones implements AutoCloseable {

  private static final Executor ELASTIC = task -> Schedulers.boundedElastic().schedule(task);

  private final Producer<byte[], byte[]> producer;
  private final CloudEventCodec codec;
  private final Duration timeout;
  private final Duration retryAfter;

  /**
   * @param producer an idempotent producer with {@code acks=all}
   * @param timeout how long to wait for Kafka's acknowledgements
   * @param retryAfter what a 503 tells the client to wait
   */
  public CallTombstones(Producer<byte[], byte[]> producer, Duration timeout, Duration retryAfter) {
    this.producer = Objects.requireNonNull(producer, "producer must not be null");
    this.timeout = Objects.requireNonNull(timeout, "timeout must not be null");
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter must not be null");
    this.codec = CloudEventCodec.of("query-api");
  }

  /** The compacted topics, where a tombstone erases a call's records. */
  public static List<Topic> compactedTopics() {
    return Arrays.stream(Topic.values()).filter(Topic::compacted).toList();
  }

  /** Publishes the deletion of {@code callIds} of {@code workspaceId}; completes when acked. */
  public Mono<Void> publish(
      String workspaceId, List<String> callIds, CallDeleted.Reason reason, Instant at) {
    Objects.requireNonNull(workspaceId, "workspaceId must not be null");
    Objects.requireNonNull(callIds, "callIds must not be null");
    Objects.requireNonNull(reason, "reason must not be null");
    Objects.requireNonNull(at, "at must not be null");
    if (callIds.isEmpty()) {
      return Mono.empty();
    }
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (String callId : callIds) {
      ProducerRecord<byte[], byte[]> deleted =
          codec.encode(
              new CallDeleted(
                  Ids.deterministic("call-deleted", workspaceId, callId),
                  workspaceId,
                  callId,
                  at,
                  reason));
      // Record timestamps are the producer's own time: the broker refuses ones too far from its
      // clock, and compaction's tombstone retention counts from them.
      records.add(
          new ProducerRecord<>(
              deleted.topic(), null, null, deleted.key(), deleted.value(), deleted.headers()));
      byte[] key = callId.getBytes(StandardCharsets.UTF_8);
      for (Topic topic : compactedTopics()) {
        records.add(new ProducerRecord<byte[], byte[]>(topic.topicName(), null, key, null));
      }
    }
    // send() may block for metadata or buffer space: off the event loop. One thread sends them
    // all, so each call's deletion event precedes its tombstone in the partition.
    return Mono.fromFuture(
            () ->
                CompletableFuture.supplyAsync(() -> sendAll(records), ELASTIC)
                    .thenCompose(CompletableFuture::allOf)
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS),
            true)
        .publishOn(Schedulers.parallel())
        .onErrorMap(
            KafkaSends::isTransient,
            failure ->
                new ServiceUnavailableException(
                    "Kafka did not acknowledge the deletion within "
                        + timeout.toSeconds()
                        + " s, so nothing was deleted; retry later",
                    retryAfter,
                    failure))
        .then();
  }

  private CompletableFuture<?>[] sendAll(List<ProducerRecord<byte[], byte[]>> records) {
    CompletableFuture<?>[] acknowledgements = new CompletableFuture<?>[records.size()];
    for (int i = 0; i < acknowledgements.length; i++) {
      acknowledgements[i] = KafkaSends.send(producer, records.get(i));
    }
    return acknowledgements;
  }

  @Override
  public void close() {
    producer.close();
  }
}
