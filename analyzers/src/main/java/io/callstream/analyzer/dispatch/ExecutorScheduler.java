package io.callstream.analyzer.dispatch;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Real time: two daemon timer threads, so a dispatcher never keeps a JVM alive. */
final class ExecutorScheduler implements Scheduler {

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ScheduledThreadPoolExecutor executor;

  private ExecutorScheduler(ScheduledThreadPoolExecutor executor) {
    this.executor = executor;
  }

  static ExecutorScheduler create() {
    ThreadFactory daemons =
        task -> {
          Thread thread = new Thread(task, "callstream-dispatch-" + THREADS.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, daemons);
    // Most timers (attempt timeouts) are cancelled; do not keep them until they would have fired.
    executor.setRemoveOnCancelPolicy(true);
    return new ExecutorScheduler(executor);
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Timer schedule(Runnable task, long delayNanos) {
    try {
      ScheduledFuture<?> future = executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
      return () -> future.cancel(false);
    } catch (RejectedExecutionException closed) {
      // Only after close(), which has already completed every request: nothing is left to wake.
      return () -> {};
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
