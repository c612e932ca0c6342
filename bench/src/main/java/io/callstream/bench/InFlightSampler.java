package io.callstream.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Samples a count of requests in flight every few milliseconds, so a run's mean can be set beside
 * its rate (Little's law: mean in flight = rate × time each request spends). Thread-safe.
 */
final class InFlightSampler implements AutoCloseable {

  private static final long PERIOD_MILLIS = 10;

  private record Sample(Instant at, int inFlight) {}

  private final List<Sample> samples = new ArrayList<>();
  private final ScheduledExecutorService timer;

  private InFlightSampler(IntSupplier inFlight) {
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "in-flight-sampler");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleAtFixedRate(
        () -> add(new Sample(Instant.now(), inFlight.getAsInt())),
        0,
        PERIOD_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  static InFlightSampler start(IntSupplier inFlight) {
    return new InFlightSampler(inFlight);
  }

  /** The mean of the samples taken within the window; NaN if there are none. */
  synchronized double mean(RequestLog.Window window) {
    return samples.stream()
        .filter(s -> !s.at().isBefore(window.from()) && !s.at().isAfter(window.to()))
        .mapToInt(Sample::inFlight)
        .average()
        .orElse(Double.NaN);
  }

  private synchronized void add(Sample sample) {
    samples.add(sample);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
