package io.callstream.bench;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Many SSE clients of one event stream, on Reactor Netty with a connection pool and event loops of
 * their own: each reads the raw {@code text/event-stream} bytes, and every stamped event it gets
 * adds its delay (send to parse) to one histogram. Per step, it counts what each stream received
 * against the events sent, so loss, gaps and duplicates show. Driven by one thread (the subscriber
 * process's command loop), which may block; the clients run on their event loops.
 */
final class SubscriberFleet implements AutoCloseable {

  /** Streams opening at once: enough to keep the service busy, not so many that they time out. */
  private static final int OPENING = 200;

  private static final int MAX_REPORTED_FAILURES = 5;

  private final HttpClient http;
  private final String path;
  private final ConnectionProvider connections;
  private final LoopResources loops;
  private final List<Subscriber> subscribers = new ArrayList<>();

  private final Recorder delays = new Recorder(3);
  private final LongAdder delivered = new LongAdder();
  private final LongAdder gaps = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder stale = new LongAdder();
  private final LongAdder unstamped = new LongAdder();
  private final AtomicInteger ended = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();

  /** The first sequence number of the step: events before it are stale. */
  private volatile long stepFirst = Long.MAX_VALUE;

  /** Per event of the step, the least and the greatest delay of any stream, in microseconds. */
  private volatile AtomicLongArray firstArrivals = new AtomicLongArray(0);

  private volatile AtomicLongArray lastArrivals = new AtomicLongArray(0);

  private long stepCpuNanos;

  private SubscriberFleet(
      HttpClient http, String path, ConnectionProvider connections, LoopResources loops) {
    this.http = http;
    this.path = path;
    this.connections = connections;
    this.loops = loops;
  }

  /**
   * A fleet of at most {@code maxStreams} streams of {@code path} on {@code baseUrl}, each
   * presenting {@code bearer}.
   */
  static SubscriberFleet of(URI baseUrl, String path, String bearer, int maxStreams) {
    Objects.requireNonNull(baseUrl, "baseUrl must not be null");
    Objects.requireNonNull(path, "path must not be null");
    Objects.requireNonNull(bearer, "bearer must not be null");
    if (maxStreams < 1) {
      throw new IllegalArgumentException("maxStreams must be positive, was " + maxStreams);
    }
    // a stream holds its connection for its whole life: the pool must hold them all
    ConnectionProvider connections =
        ConnectionProvider.builder("sse-subscribers")
            .maxConnections(maxStreams)
            .pendingAcquireMaxCount(-1)
            .build();
    LoopResources loops =
        LoopResources.create("sse-subscriber", Runtime.getRuntime().availableProcessors(), true);
    HttpClient http =
        HttpClient.create(connections)
            .runOn(loops)
            .baseUrl(baseUrl.toString())
            .headers(
                headers ->
                    headers
                        .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + bearer)
                        .set(HttpHeaderNames.ACCEPT, "text/event-stream"));
    return new SubscriberFleet(http, path, connections, loops);
  }

  /** How many streams are open. */
  int size() {
    return subscribers.size();
  }

  /**
   * Opens streams until {@code total} are open, each counted once the service said {@code
   * :connected}; a stream not connected within {@code patience} counts as failed and is closed.
   * Blocks.
   *
   * @return how many failed
   */
  int open(int total, Duration patience) {
    int missing = total - subscribers.size();
    if (missing <= 0) {
      return 0;
    }
    AtomicInteger failed = new AtomicInteger();
    List<Subscriber> opened =
        Flux.range(0, missing)
            .flatMap(
                i -> {
                  Subscriber subscriber = new Subscriber();
                  return subscriber
                      .open()
                      .timeout(patience)
                      .thenReturn(subscriber)
                      .onErrorResume(
                          failure -> {
                            failed.incrementAndGet();
                            report("could not open a stream", failure);
                            subscriber.close();
                            return Mono.empty();
                          });
                },
                OPENING)
            .collectList()
            .block();
    subscribers.addAll(Objects.requireNonNull(opened, "no streams opened"));
    return failed.get();
  }

  /**
   * Starts a step: forgets what was recorded; the step's {@code events} events begin at {@code
   * firstSeq}.
   */
  void start(long firstSeq, int events) {
    if (events < 1) {
      throw new IllegalArgumentException("events must be positive, was " + events);
    }
    delays.getIntervalHistogram();
    AtomicLongArray first = new AtomicLongArray(events);
    for (int i = 0; i < events; i++) {
      first.set(i, Long.MAX_VALUE);
    }
    firstArrivals = first;
    lastArrivals = new AtomicLongArray(events);
    delivered.reset();
    gaps.reset();
    duplicates.reset();
    stale.reset();
    unstamped.reset();
    ended.set(0);
    stepFirst = firstSeq;
    stepCpuNanos = processCpuNanos();
  }

  /**
   * Ends a step whose last event is {@code lastSeq}: waits until every open stream has every event
   * of the step, or {@code patience} passed, and returns what arrived.
   */
  Step finish(long lastSeq, Duration patience) {
    long events = lastSeq - stepFirst + 1;
    long expected = events * subscribers.size();
    long deadline = System.nanoTime() + patience.toNanos();
    while (delivered.sum() < expected && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    return new Step(
        subscribers.size(),
        expected,
        delivered.sum(),
        gaps.sum(),
        duplicates.sum(),
        stale.sum(),
        unstamped.sum(),
        ended.get(),
        (processCpuNanos() - stepCpuNanos) / 1e9,
        delays.getIntervalHistogram(),
        spreads());
  }

  /** Each event's spread, in order; an event nobody got reads 0 to 0. */
  private List<Spread> spreads() {
    AtomicLongArray first = firstArrivals;
    AtomicLongArray last = lastArrivals;
    List<Spread> spreads = new ArrayList<>(first.length());
    for (int i = 0; i < first.length(); i++) {
      long earliest = first.get(i);
      spreads.add(new Spread(earliest == Long.MAX_VALUE ? 0 : earliest, last.get(i)));
    }
    return spreads;
  }

  /** Closes every stream. */
  void closeAll() {
    subscribers.forEach(Subscriber::close);
    subscribers.clear();
  }

  @Override
  public void close() {
    closeAll();
    connections.dispose();
    loops.dispose();
  }

  private void report(String what, Throwable failure) {
    if (failures.incrementAndGet() <= MAX_REPORTED_FAILURES) {
      System.err.println("sse-subscribers: " + what + ": " + failure);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * What a step's streams received.
   *
   * @param streams streams open
   * @param expected deliveries expected: every event of the step on every stream
   * @param delivered deliveries received, each event once per stream
   * @param gaps events a stream missed while it got later ones
   * @param duplicates events a stream got again
   * @param stale events of an earlier step
   * @param unstamped events without a send stamp
   * @param ended streams the service ended during the step
   * @param cpuSeconds this process's CPU time during the step
   * @param delays delay of each delivery, in microseconds
   * @param spreads per event of the step, in order, how long the first and the last stream took
   */
  record Step(
      int streams,
      long expected,
      long delivered,
      long gaps,
      long duplicates,
      long stale,
      long unstamped,
      int ended,
      double cpuSeconds,
      Histogram delays,
      List<Spread> spreads) {}

  /**
   * How long one event took to reach its first and its last stream: the first says what the service
   * took before fanning it out, the difference what the fan-out took.
   *
   * @param firstMicros the least delay of any stream
   * @param lastMicros the greatest delay of any stream
   */
  record Spread(long firstMicros, long lastMicros) {}

  /** One stream. Its counters are touched on its connection's event loop only. */
  private final class Subscriber implements EventStreamScanner.Listener {

    private final Sinks.Empty<Void> connected = Sinks.empty();
    private final EventStreamScanner scanner = new EventStreamScanner(this);
    private volatile @Nullable Disposable stream;
    private long last = -1;

    /** Opens the stream; completes once the service said {@code :connected}. */
    Mono<Void> open() {
      stream =
          http.get()
              .uri(path)
              .response(
                  (response, body) -> {
                    if (response.status().code() != 200) {
                      return Mono.error(
                          new IllegalStateException("the stream answered " + response.status()));
                    }
                    return body.doOnNext(scanner::feed).then();
                  })
              .subscribe(
                  ignored -> {},
                  failure -> {
                    if (connected.tryEmitError(failure) != Sinks.EmitResult.OK) {
                      ended.incrementAndGet();
                      report("a stream failed", failure);
                    }
                  },
                  () -> {
                    if (connected.tryEmitError(new IllegalStateException("the stream ended"))
                        != Sinks.EmitResult.OK) {
                      ended.incrementAndGet();
                      report("a stream ended", new IllegalStateException("the service ended it"));
                    }
                  });
      return connected.asMono();
    }

    void close() {
      Disposable open = stream;
      if (open != null) {
        open.dispose();
      }
    }

    @Override
    public void connected() {
      connected.tryEmitEmpty();
    }

    @Override
    public void stamped(SendStamp stamp) {
      long delay = SendStamp.nowMicros() - stamp.sentMicros();
      long first = stepFirst;
      long seq = stamp.seq();
      if (seq < first) {
        stale.increment();
        return;
      }
      long previous = last < first ? first - 1 : last;
      if (seq <= previous) {
        duplicates.increment();
        return;
      }
      if (seq > previous + 1) {
        gaps.add(seq - previous - 1);
      }
      last = seq;
      delivered.increment();
      long micros = Math.max(0, delay);
      delays.recordValue(micros);
      AtomicLongArray firsts = firstArrivals;
      AtomicLongArray lasts = lastArrivals;
      long index = seq - first;
      if (index < firsts.length() && index < lasts.length()) {
        firsts.accumulateAndGet((int) index, micros, Math::min);
        lasts.accumulateAndGet((int) index, micros, Math::max);
      }
    }

    @Override
    public void unstamped() {
      unstamped.increment();
    }
  }
}
