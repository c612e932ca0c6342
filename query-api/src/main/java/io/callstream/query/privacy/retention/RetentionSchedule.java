package io.callstream.query.privacy.retention;

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
 * Runs the {@link RetentionPurge} every {@code interval} while the service runs, the first time
 * {@code initialDelay} after start. A run that fails is logged and the next one tries again; a run
 * still going when the next is due delays it rather than overlapping it. Thread-safe.
 */
final class RetentionSchedule implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionSchedule.class);

  private final RetentionPurge purge;
  private final Duration initialDelay;
  private final Duration interval;
  private @Nullable Disposable running;

  RetentionSchedule(RetentionPurge purge, Duration initialDelay, Duration interval) {
    this.purge = Objects.requireNonNull(purge, "purge must not be null");
    this.initialDelay = Objects.requireNonNull(initialDelay, "initialDelay must not be null");
    this.interval = Objects.requireNonNull(interval, "interval must not be null");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
  }

  @Override
  public synchronized void start() {
    if (running == null) {
      running =
          Flux.interval(initialDelay, interval)
              .onBackpressureDrop()
              .concatMap(tick -> runOnce(), 0)
              .subscribe();
    }
  }

  @Override
  public synchronized void stop() {
    if (running != null) {
      running.dispose();
      running = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return running != null;
  }

  private Mono<RetentionPurge.Run> runOnce() {
    return purge
        .purge()
        .onErrorResume(
            error -> {
              LOG.warn("retention purge failed; trying again in {}", interval, error);
              return Mono.empty();
            });
  }
}
