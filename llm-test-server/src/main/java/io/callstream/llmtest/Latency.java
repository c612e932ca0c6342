package io.callstream.llmtest;

import java.time.Duration;
import java.util.Random;

/**
 * How long the test server takes to answer, drawn per request from the server's seeded random
 * source. Immutable and thread-safe.
 */
public final class Latency {

  /** z of the 99th percentile of the standard normal distribution. */
  private static final double Z_99 = 2.3263478740408408;

  private static final Latency ZERO = new Latency(Shape.FIXED, 0, 0);

  private enum Shape {
    FIXED,
    UNIFORM,
    LOG_NORMAL
  }

  private final Shape shape;
  private final double a;
  private final double b;

  private Latency(Shape shape, double a, double b) {
    this.shape = shape;
    this.a = a;
    this.b = b;
  }

  /** No added latency: the default. */
  public static Latency zero() {
    return ZERO;
  }

  /** Always {@code latency}. */
  public static Latency fixed(Duration latency) {
    return new Latency(Shape.FIXED, nanos(latency, "latency"), 0);
  }

  /** Uniform between {@code min} and {@code max}. */
  public static Latency uniform(Duration min, Duration max) {
    long low = nanos(min, "min");
    long high = nanos(max, "max");
    if (high < low) {
      throw new IllegalArgumentException("max must not be less than min");
    }
    return new Latency(Shape.UNIFORM, low, high);
  }

  /**
   * Log-normal with the given median and 99th percentile: the long tail real providers show.
   *
   * @param median half of the answers are faster
   * @param p99 99% of the answers are faster; at least the median
   */
  public static Latency logNormal(Duration median, Duration p99) {
    long m = nanos(median, "median");
    long p = nanos(p99, "p99");
    if (m == 0 || p < m) {
      throw new IllegalArgumentException("median must be positive and p99 at least the median");
    }
    return new Latency(Shape.LOG_NORMAL, Math.log(m), Math.log((double) p / m) / Z_99);
  }

  /** One draw, in nanoseconds. */
  long sampleNanos(Random random) {
    return switch (shape) {
      case FIXED -> (long) a;
      case UNIFORM -> (long) (a + random.nextDouble() * (b - a));
      case LOG_NORMAL -> (long) Math.exp(a + b * random.nextGaussian());
    };
  }

  @Override
  public String toString() {
    return switch (shape) {
      case FIXED -> "fixed(" + Duration.ofNanos((long) a) + ")";
      case UNIFORM ->
          "uniform(" + Duration.ofNanos((long) a) + ", " + Duration.ofNanos((long) b) + ")";
      case LOG_NORMAL ->
          "logNormal(median "
              + Duration.ofNanos((long) Math.exp(a))
              + ", p99 "
              + Duration.ofNanos((long) Math.exp(a + b * Z_99))
              + ")";
    };
  }

  private static long nanos(Duration duration, String name) {
    if (duration == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative");
    }
    return duration.toNanos();
  }
}
