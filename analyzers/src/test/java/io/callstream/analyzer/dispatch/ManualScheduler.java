package io.callstream.analyzer.dispatch;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/** Time that moves only when a test says so; timers run on the test's thread, in time order. */
final class ManualScheduler implements Scheduler {

  private static final long START = 1_000_000_000_000L;

  private record Task(long at, long sequence, Runnable run, AtomicBoolean cancelled) {}

  private final PriorityQueue<Task> tasks =
      new PriorityQueue<>(Comparator.comparingLong(Task::at).thenComparingLong(Task::sequence));
  private long now = START;
  private long sequence;

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  /** Milliseconds since this scheduler was made. */
  synchronized long millis() {
    return (now - START) / 1_000_000;
  }

  @Override
  public synchronized Timer schedule(Runnable task, long delayNanos) {
    Task scheduled = new Task(now + Math.max(0, delayNanos), sequence++, task, new AtomicBoolean());
    tasks.add(scheduled);
    return () -> scheduled.cancelled().set(true);
  }

  /** Runs every timer due within {@code duration}, moving the clock to each one's time. */
  void advance(Duration duration) {
    long target;
    synchronized (this) {
      target = now + duration.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.peek();
        if (next == null || next.at() > target) {
          now = target;
          return;
        }
        tasks.poll();
        now = Math.max(now, next.at());
      }
      if (!next.cancelled().get()) {
        next.run().run();
      }
    }
  }

  /** Runs timers due now. */
  void runDue() {
    advance(Duration.ZERO);
  }

  /** Advances in {@code step}s until {@code done}; fails after {@code limit} of fake time. */
  void advanceUntil(BooleanSupplier done, Duration step, Duration limit) {
    long deadline = nanoTime() + limit.toNanos();
    runDue();
    while (!done.getAsBoolean()) {
      if (nanoTime() - deadline > 0) {
        throw new AssertionError("not done after " + limit + " of fake time");
      }
      advance(step);
    }
  }

  @Override
  public void close() {}
}
