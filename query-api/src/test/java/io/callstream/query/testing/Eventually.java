package io.callstream.query.testing;

import static org.assertj.core.api.Assertions.fail;

import java.util.function.BooleanSupplier;

/** Waits for a condition that something else makes true, with {@link RunningQueryApi#PATIENCE}. */
public final class Eventually {

  private Eventually() {}

  /** Returns once {@code condition} holds; fails the test if it does not within the patience. */
  public static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + RunningQueryApi.PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("not within %s: %s", RunningQueryApi.PATIENCE, what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted while waiting for " + what);
      }
    }
  }
}
