package io.callstream.ingest.idempotency;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes expired idempotency keys every {@code cleanup-interval}, while the service runs. An
 * expired key is ignored before it is deleted, so the interval bounds only the table's size.
 * Several instances may sweep at once; the delete is idempotent. Thread-safe.
 */
final class ExpiredKeySweeper implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(ExpiredKeySweeper.class);

  private final IdempotencyKeyRepository keys;
  private final Duration interval;
  private @Nullable Disposable sweeping;

  ExpiredKeySweeper(IdempotencyKeyRepository keys, Duration interval) {
    this.keys = Objects.requireNonNull(keys, "keys must not be null");
    this.interval = Objects.requireNonNull(interval, "interval must not be null");
  }

  @Override
  public synchronized void start() {
    if (sweeping == null) {
      sweeping =
          Flux.interval(interval, interval)
              .onBackpressureDrop()
              .concatMap(tick -> sweep(), 0)
              .subscribe();
    }
  }

  @Override
  public synchronized void stop() {
    if (sweeping != null) {
      sweeping.dispose();
      sweeping = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return sweeping != null;
  }

  private Mono<Long> sweep() {
    return keys.deleteExpired()
        .doOnNext(
            deleted -> {
              if (deleted > 0) {
                LOG.debug("Deleted {} expired idempotency keys", deleted);
              }
            })
        .onErrorResume(
            error -> {
              LOG.warn("Could not delete expired idempotency keys; trying again later", error);
              return Mono.empty();
            });
  }
}
