package io.callstream.analyzer.dispatch;

import io.github.bucket4j.TimeMeter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs requests against one provider: at most {@code maxConcurrency} attempts in flight, workspaces
 * served round-robin from one FIFO queue each, each workspace within its {@link RateLimit}, and
 * retriable failures retried with backoff. Thread-safe; {@link #submit} never blocks.
 *
 * <p><b>Order.</b> When a permit frees, the next request comes from the next workspace in turn that
 * has work and whose budget allows it now. A workspace out of budget is skipped, never blocking the
 * others; when nobody may go, a timer wakes the dispatcher when the earliest can.
 *
 * <p><b>Retries</b> (on {@link io.callstream.analyzer.AnalyzerException} with a retriable kind and
 * on attempt timeouts, up to {@code maxAttempts}): the request waits out a delay without holding a
 * permit, then goes back to the head of its workspace's queue and waits for its turn, a permit and
 * budget again (a retry is a real request to the provider, so it counts against the rate limit).
 * The delay is full-jitter exponential backoff, or the provider's {@code Retry-After} when it gave
 * one. A timed-out attempt's future is cancelled, and an answer arriving after its timeout is
 * ignored: each attempt is settled exactly once.
 *
 * <p><b>Global cool-down.</b> By default a 429 with {@code Retry-After} pauses every new attempt
 * until then, not only the request that got it: a provider's limits belong to the account or
 * deployment, so while it is over them every attempt we start would most likely be refused too and
 * burn one of its request's few attempts. It costs at most the wait the provider asked for (capped
 * at {@code maxRetryAfter}); attempts already in flight run on. Where 429s are per request or
 * random (a fault-injecting test server) it only costs throughput: {@link
 * DispatchSettings#withGlobalCooldown} turns it off. A 429 without {@code Retry-After} never pauses
 * the others.
 *
 * <p><b>Threads.</b> Attempts start, and result futures complete, on the thread that made room: the
 * caller of {@code submit}, the thread that completed an attempt's future, or one of the
 * dispatcher's two daemon timer threads. No user code runs under the dispatcher's lock. A caller
 * that cancels its future drops the request (counted as failed) the next time it is picked.
 */
public final class Dispatcher implements AutoCloseable {

  static final String CLOSED = "dispatcher closed";

  private final DispatchSettings settings;
  private final Function<String, RateLimit> limitOfWorkspace;
  private final Scheduler scheduler;
  private final Backoff backoff;
  private final TimeMeter time;
  private final Map<String, RateLimit> limits = new ConcurrentHashMap<>();

  /** Drain-loop guard: attempts start in one loop at a time, never recursively. */
  private final AtomicInteger pumpRequests = new AtomicInteger();

  private final Object lock = new Object();
  // Everything below is guarded by lock.
  private final Map<String, WorkspaceLane> lanes = new HashMap<>();

  /** Workspaces with queued requests, in turn order. */
  private final ArrayDeque<WorkspaceLane> ring = new ArrayDeque<>();

  private final Set<Request<?>> running = new HashSet<>();
  private final Set<Request<?>> waitingToRetry = new HashSet<>();
  private int queued;
  private boolean coolingDown;
  private long coolDownUntil;
  private boolean wakeScheduled;
  private long wakeAt;
  private boolean closed;
  private long submitted;
  private long succeeded;
  private long failed;
  private long attempts;
  private long retries;
  private long rateLimitedAnswers;
  private long timeouts;

  private Dispatcher(
      DispatchSettings settings,
      Function<String, RateLimit> limitOfWorkspace,
      Scheduler scheduler,
      DoubleSupplier jitter) {
    this.settings = settings;
    this.limitOfWorkspace = limitOfWorkspace;
    this.scheduler = scheduler;
    this.backoff = new Backoff(settings, jitter);
    this.time = timeMeterOf(scheduler);
  }

  /**
   * A dispatcher on real time with its own two daemon timer threads.
   *
   * @param limitOfWorkspace the plan's limit of a workspace, asked once per workspace
   */
  public static Dispatcher of(
      DispatchSettings settings, Function<String, RateLimit> limitOfWorkspace) {
    return of(
        settings,
        limitOfWorkspace,
        ExecutorScheduler.create(),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  /** For tests: time, timers and jitter (uniform in [0, 1]) from the caller. */
  static Dispatcher of(
      DispatchSettings settings,
      Function<String, RateLimit> limitOfWorkspace,
      Scheduler scheduler,
      DoubleSupplier jitter) {
    if (settings == null) {
      throw new IllegalArgumentException("settings must not be null");
    }
    if (limitOfWorkspace == null) {
      throw new IllegalArgumentException("limitOfWorkspace must not be null");
    }
    return new Dispatcher(settings, limitOfWorkspace, scheduler, jitter);
  }

  /**
   * Runs {@code attempt} when the workspace's turn comes, a permit is free and its rate limit
   * allows {@code tokens} (capped at the limit's whole minute, so a huge request still goes once
   * the bucket is full); retries retriable failures. Completes with the first success or fails with
   * a {@link DispatchException} whose message says why. Never blocks, never throws for a failed
   * attempt.
   *
   * @param tokens the request's estimated input tokens, for the tokens-per-minute limit
   * @param attempt starts one attempt; called once per attempt, never under a lock
   */
  public <T> CompletableFuture<T> submit(
      String workspaceId, long tokens, Supplier<CompletableFuture<T>> attempt) {
    if (workspaceId == null || workspaceId.isBlank()) {
      throw new IllegalArgumentException("workspaceId must not be blank");
    }
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens must not be negative");
    }
    if (attempt == null) {
      throw new IllegalArgumentException("attempt must not be null");
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    RateLimit limit;
    try {
      limit = limitOf(workspaceId);
    } catch (RuntimeException unknown) {
      countRejected();
      result.completeExceptionally(
          new DispatchException(
              "no rate limit for workspace " + workspaceId + ": " + unknown.getMessage(), unknown));
      return result;
    }
    boolean accepted;
    synchronized (lock) {
      submitted++;
      accepted = !closed;
      if (accepted) {
        WorkspaceLane lane =
            lanes.computeIfAbsent(workspaceId, id -> new WorkspaceLane(id, limit, time));
        lane.queue().addLast(new Request<>(lane, tokens, attempt, result));
        queued++;
        activate(lane);
      } else {
        failed++;
      }
    }
    if (accepted) {
      pump();
    } else {
      result.completeExceptionally(new DispatchException(CLOSED));
    }
    return result;
  }

  public DispatchStats stats() {
    synchronized (lock) {
      Map<String, Integer> queuedByWorkspace = new HashMap<>();
      for (WorkspaceLane lane : lanes.values()) {
        if (!lane.queue().isEmpty()) {
          queuedByWorkspace.put(lane.workspaceId(), lane.queue().size());
        }
      }
      return new DispatchStats(
          submitted,
          succeeded,
          failed,
          attempts,
          retries,
          rateLimitedAnswers,
          timeouts,
          running.size(),
          queued,
          waitingToRetry.size(),
          queuedByWorkspace);
    }
  }

  /**
   * Fails every request not yet completed, queued, waiting to retry or in flight, with {@code
   * "dispatcher closed"}, cancels the attempts in flight and stops the timers. Later submits fail
   * at once.
   */
  @Override
  public void close() {
    List<Request<?>> abandoned = new ArrayList<>();
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      for (WorkspaceLane lane : lanes.values()) {
        abandoned.addAll(lane.queue());
        lane.queue().clear();
        lane.active(false);
      }
      ring.clear();
      queued = 0;
      for (Request<?> request : waitingToRetry) {
        Scheduler.Timer timer = request.retryTimer;
        if (timer != null) {
          timer.cancel();
        }
        abandoned.add(request);
      }
      waitingToRetry.clear();
      abandoned.addAll(running);
      running.clear();
      for (Request<?> request : abandoned) {
        request.state = State.DONE;
      }
      failed += abandoned.size();
    }
    for (Request<?> request : abandoned) {
      Attempt attempt = request.current;
      if (attempt != null) {
        attempt.abandon();
      }
      request.result.completeExceptionally(new DispatchException(CLOSED));
    }
    scheduler.close();
  }

  private RateLimit limitOf(String workspaceId) {
    RateLimit known = limits.get(workspaceId);
    if (known != null) {
      return known;
    }
    // Asked outside any lock: it is the caller's code.
    RateLimit limit = limitOfWorkspace.apply(workspaceId);
    if (limit == null) {
      throw new IllegalStateException("the plan gave none");
    }
    RateLimit raced = limits.putIfAbsent(workspaceId, limit);
    return raced == null ? limit : raced;
  }

  private void countRejected() {
    synchronized (lock) {
      submitted++;
      failed++;
    }
  }

  /**
   * Starts whatever may start now. Re-entrant calls (an attempt completing synchronously inside
   * {@code start}) only ask the running loop to go round once more, so the stack never grows.
   */
  private void pump() {
    if (pumpRequests.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      List<Request<?>> starts;
      synchronized (lock) {
        starts = selectStarts();
      }
      for (Request<?> request : starts) {
        start(request);
      }
      missed = pumpRequests.addAndGet(-missed);
    } while (missed != 0);
  }

  /** Takes requests round-robin while permits are free and budgets allow; guarded by lock. */
  private List<Request<?>> selectStarts() {
    if (closed || queued == 0 || running.size() >= settings.maxConcurrency()) {
      return List.of();
    }
    long now = scheduler.nanoTime();
    if (coolingDown) {
      if (coolDownUntil - now > 0) {
        wakeAt(coolDownUntil, now);
        return List.of();
      }
      coolingDown = false;
    }
    List<Request<?>> starts = new ArrayList<>();
    while (running.size() < settings.maxConcurrency() && !ring.isEmpty()) {
      Request<?> next = null;
      long earliestWait = Long.MAX_VALUE;
      for (int turn = 0, lanesWithWork = ring.size();
          turn < lanesWithWork && next == null;
          turn++) {
        WorkspaceLane lane = ring.pollFirst();
        Request<?> head = firstLive(lane);
        if (head != null) {
          long wait = lane.nanosUntilAllowed(head.tokens);
          if (wait == 0) {
            lane.consume(head.tokens);
            lane.queue().pollFirst();
            queued--;
            next = head;
          } else {
            earliestWait = Math.min(earliestWait, wait);
          }
        }
        if (lane.queue().isEmpty()) {
          lane.active(false);
        } else {
          ring.addLast(lane);
        }
      }
      if (next == null) {
        if (earliestWait != Long.MAX_VALUE) {
          wakeAt(now + earliestWait, now);
        }
        break;
      }
      next.state = State.RUNNING;
      next.attempts++;
      next.current = new Attempt();
      attempts++;
      running.add(next);
      starts.add(next);
    }
    return starts;
  }

  /** The lane's first request its caller still waits for; drops cancelled ones. */
  private @Nullable Request<?> firstLive(WorkspaceLane lane) {
    Request<?> head = lane.queue().peekFirst();
    while (head != null && head.result.isDone()) {
      lane.queue().pollFirst();
      queued--;
      head.state = State.DONE;
      failed++;
      head = lane.queue().peekFirst();
    }
    return head;
  }

  private void activate(WorkspaceLane lane) {
    if (!lane.active()) {
      lane.active(true);
      ring.addLast(lane);
    }
  }

  /** Schedules a pump at {@code at} unless one is due by then; guarded by lock. */
  private void wakeAt(long at, long now) {
    if (wakeScheduled && wakeAt - at <= 0) {
      return;
    }
    wakeScheduled = true;
    wakeAt = at;
    scheduler.schedule(() -> onWake(at), Math.max(0, at - now));
  }

  private void onWake(long at) {
    synchronized (lock) {
      if (wakeScheduled && wakeAt == at) {
        wakeScheduled = false;
      }
    }
    pump();
  }

  private <T> void start(Request<T> request) {
    Attempt attempt = request.current;
    if (attempt == null || attempt.settled()) {
      return; // closed between selection and start
    }
    CompletableFuture<T> future;
    try {
      future = request.attempt.get();
      if (future == null) {
        throw new IllegalStateException("the attempt returned no future");
      }
    } catch (Throwable thrown) { // the caller's code must never break the dispatcher
      if (attempt.settle()) {
        onFailure(request, Failure.of(thrown));
      }
      return;
    }
    attempt.future = future;
    if (attempt.settled()) {
      future.cancel(true); // close() abandoned this attempt while it was starting
      return;
    }
    attempt.timeout =
        scheduler.schedule(() -> onTimeout(request, attempt), settings.attemptTimeout().toNanos());
    future.whenComplete((value, error) -> onAnswer(request, attempt, value, error));
  }

  private void onTimeout(Request<?> request, Attempt attempt) {
    if (!attempt.settle()) {
      return;
    }
    CompletableFuture<?> future = attempt.future;
    if (future != null) {
      future.cancel(true);
    }
    onFailure(request, Failure.timeout(settings.attemptTimeout()));
  }

  private <T> void onAnswer(
      Request<T> request, Attempt attempt, @Nullable T value, @Nullable Throwable error) {
    if (!attempt.settle()) {
      return; // timed out or abandoned first
    }
    Scheduler.Timer timeout = attempt.timeout;
    if (timeout != null) {
      timeout.cancel();
    }
    if (error != null) {
      onFailure(request, Failure.of(error));
      return;
    }
    boolean deliver;
    synchronized (lock) {
      running.remove(request);
      request.current = null;
      deliver = request.state == State.RUNNING;
      if (deliver) {
        request.state = State.DONE;
        succeeded++;
      }
    }
    if (deliver) {
      request.result.complete(value);
    }
    pump();
  }

  private void onFailure(Request<?> request, Failure failure) {
    @Nullable DispatchException givenUp = null;
    synchronized (lock) {
      running.remove(request);
      request.current = null;
      if (request.state == State.RUNNING) {
        givenUp = retryOrGiveUp(request, failure);
      }
    }
    if (givenUp != null) {
      request.result.completeExceptionally(givenUp);
    }
    pump();
  }

  /** Guarded by lock. Returns the exception to fail the request with, or null when it retries. */
  private @Nullable DispatchException retryOrGiveUp(Request<?> request, Failure failure) {
    long now = scheduler.nanoTime();
    if (failure.timedOut()) {
      request.timeouts++;
      timeouts++;
    }
    if (failure.rateLimited()) {
      rateLimitedAnswers++;
      if (failure.retryAfter() != null && settings.globalCooldown()) {
        coolDown(now + backoff.retryAfterNanos(failure.retryAfter()));
      }
    }
    boolean retry =
        failure.retriable()
            && request.attempts < settings.maxAttempts()
            && !request.result.isDone();
    if (!retry) {
      request.state = State.DONE;
      failed++;
      return new DispatchException(reason(request, failure), failure.cause());
    }
    request.state = State.WAITING_TO_RETRY;
    waitingToRetry.add(request);
    retries++;
    long delay = backoff.delayNanos(request.attempts, failure.retryAfter());
    request.retryTimer = scheduler.schedule(() -> onRetryDue(request), delay);
    return null;
  }

  private void coolDown(long until) {
    if (!coolingDown || until - coolDownUntil > 0) {
      coolingDown = true;
      coolDownUntil = until;
    }
  }

  private void onRetryDue(Request<?> request) {
    synchronized (lock) {
      if (request.state != State.WAITING_TO_RETRY) {
        return;
      }
      waitingToRetry.remove(request);
      request.retryTimer = null;
      request.state = State.QUEUED;
      // It waited its turn once already: it goes before the workspace's newer requests.
      request.lane.queue().addFirst(request);
      queued++;
      activate(request.lane);
    }
    pump();
  }

  private String reason(Request<?> request, Failure failure) {
    if (!failure.retriable()) {
      return failure.reason();
    }
    int tries = request.attempts;
    if (request.timeouts == tries) {
      return "timed out "
          + (tries == 1 ? "once" : tries + " times")
          + " after "
          + Failure.describe(settings.attemptTimeout());
    }
    return "gave up after "
        + tries
        + (tries == 1 ? " attempt: " : " attempts: ")
        + failure.reason();
  }

  private static TimeMeter timeMeterOf(Scheduler scheduler) {
    return new TimeMeter() {
      @Override
      public long currentTimeNanos() {
        return scheduler.nanoTime();
      }

      @Override
      public boolean isWallClockBased() {
        return false;
      }
    };
  }

  private enum State {
    QUEUED,
    RUNNING,
    WAITING_TO_RETRY,
    DONE
  }

  /** One submitted request, from queue to result. Fields other than the finals: under lock. */
  static final class Request<T> {
    final WorkspaceLane lane;
    final long tokens;
    final Supplier<CompletableFuture<T>> attempt;
    final CompletableFuture<T> result;
    State state = State.QUEUED;
    int attempts;
    int timeouts;
    @Nullable Attempt current;
    Scheduler.@Nullable Timer retryTimer;

    private Request(
        WorkspaceLane lane,
        long tokens,
        Supplier<CompletableFuture<T>> attempt,
        CompletableFuture<T> result) {
      this.lane = lane;
      this.tokens = tokens;
      this.attempt = attempt;
      this.result = result;
    }
  }

  /**
   * One attempt, settled exactly once by whichever comes first: its answer, its timeout, or close.
   * This is what keeps a late answer from racing a retry.
   */
  private static final class Attempt {
    private final AtomicBoolean settled = new AtomicBoolean();
    private volatile @Nullable CompletableFuture<?> future;
    private volatile Scheduler.@Nullable Timer timeout;

    boolean settle() {
      return settled.compareAndSet(false, true);
    }

    boolean settled() {
      return settled.get();
    }

    void abandon() {
      settled.set(true);
      Scheduler.Timer timer = timeout;
      if (timer != null) {
        timer.cancel();
      }
      CompletableFuture<?> running = future;
      if (running != null) {
        running.cancel(true);
      }
    }
  }
}
