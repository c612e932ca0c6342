package io.callstream.api.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Sending records and judging their failures, as the services' producers do. Stateless and
 * thread-safe.
 */
public final class KafkaSends {

  /** How deep into a failure's causes {@link #isTransient} looks, against cycles. */
  private static final int MAX_CAUSE_DEPTH = 16;

  private KafkaSends() {}

  /**
   * Sends {@code record} with {@code producer}: the future completes when Kafka acknowledges it and
   * fails with the error the producer reports. {@code send()} itself may block up to the producer's
   * {@code max.block.ms}, so call this off the event loop.
   */
  public static <K, V> CompletableFuture<Void> send(
      Producer<K, V> producer, ProducerRecord<K, V> record) {
    CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    producer.send(
        record,
        (metadata, failure) -> {
          if (failure == null) {
            acknowledged.complete(null);
          } else {
            acknowledged.completeExceptionally(failure);
          }
        });
    return acknowledged;
  }

  /**
   * Whether {@code failure} is a timeout or a Kafka error that goes away by itself (or is caused by
   * one): the request may succeed later.
   */
  public static boolean isTransient(Throwable failure) {
    int depth = 0;
    for (Throwable cause = failure;
        cause != null && depth < MAX_CAUSE_DEPTH;
        cause = cause.getCause()) {
      if (cause instanceof TimeoutException || cause instanceof RetriableException) {
        return true;
      }
      depth++;
    }
    return false;
  }
}
