package io.callstream.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps a fixed number of operations in flight for a fixed time, each slot starting its next
 * operation as soon as its last one ends (a closed loop: N clients, each waiting for its answer),
 * and records every operation's latency. Each run is independent; a run blocks its caller, which
 * must not be a Reactor or Netty thread.
 */
final class ClosedLoop {

  /** Far beyond any run's length: only a hung operation reaches it. */
  private static final Duration HANG_GUARD = Duration.ofMinutes(2);

  /**
   * What one run measured.
   *
   * @param operations operations completed
   * @param seconds from the start to the end of the last operation
   * @param p50Nanos median latency
   * @param p99Nanos 99th percentile latency
   */
  record Run(long operations, double seconds, long p50Nanos, long p99Nanos) {

    double perSecond() {
      return operations / seconds;
    }

    /** Rate and latencies on one line. */
    String figures() {
      return String.format(
          Locale.ROOT,
          "%8.0f/s  p50 %7.2f ms  p99 %7.2f ms",
          perSecond(),
          p50Nanos / 1e6,
          p99Nanos / 1e6);
    }
  }

  private ClosedLoop() {}

  /**
   * Runs {@code operation} in {@code concurrency} slots until {@code duration} has passed; each
   * slot completes at least one operation. An operation that fails fails the run.
   */
  static Run run(int concurrency, Duration duration, Supplier<? extends Mono<?>> operation) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be positive, was " + concurrency);
    }
    Objects.requireNonNull(duration, "duration must not be null");
    Objects.requireNonNull(operation, "operation must not be null");
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    List<Samples> slots =
        Flux.range(0, concurrency)
            .flatMap(slot -> slot(operation, deadline), concurrency)
            .collectList()
            .block(duration.plus(HANG_GUARD));
    long end = System.nanoTime();
    if (slots == null) {
      throw new IllegalStateException("the run ended without its slots");
    }
    long[] latencies = Samples.merge(slots);
    Arrays.sort(latencies);
    return new Run(
        latencies.length,
        (end - start) / 1e9,
        percentile(latencies, 50),
        percentile(latencies, 99));
  }

  /** One slot: an operation at a time until the deadline, each one's latency recorded. */
  private static Mono<Samples> slot(Supplier<? extends Mono<?>> operation, long deadline) {
    Samples samples = new Samples();
    return Mono.defer(
            () -> {
              long started = System.nanoTime();
              return operation
                  .get()
                  .then(Mono.fromRunnable(() -> samples.add(System.nanoTime() - started)));
            })
        .repeat(() -> System.nanoTime() < deadline)
        .then(Mono.fromSupplier(() -> samples));
  }

  /** The nearest-rank {@code percent} percentile of {@code sorted}, which must not be empty. */
  static long percentile(long[] sorted, double percent) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    int rank = (int) Math.ceil(percent / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  /**
   * The latencies of one slot. A slot's operations run one after another, each after the last one
   * signalled its end, so one slot's samples are never written concurrently.
   */
  private static final class Samples {

    private long[] values = new long[1024];
    private int size;

    void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    static long[] merge(List<Samples> slots) {
      long[] all = new long[slots.stream().mapToInt(slot -> slot.size).sum()];
      int at = 0;
      for (Samples slot : slots) {
        System.arraycopy(slot.values, 0, all, at, slot.size);
        at += slot.size;
      }
      return all;
    }
  }
}
