package io.callstream.analyzer.dispatch;

/**
 * The dispatcher's clock and timers, one seam so that tests drive time by hand: rate-limit buckets,
 * backoff, cool-downs and attempt timeouts all read and wait on the same time.
 */
interface Scheduler extends AutoCloseable {

  /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Runs {@code task} once, {@code delayNanos} from now, on a timer thread. */
  Timer schedule(Runnable task, long delayNanos);

  @Override
  void close();

  /** A scheduled task that may still be called off. */
  interface Timer {
    void cancel();
  }
}
