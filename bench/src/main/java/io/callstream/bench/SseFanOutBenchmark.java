package io.callstream.bench;

import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.meeting.Meeting;
import io.callstream.core.meeting.Meetings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * SSE fan-out of the query API: N subscribers on one call's stream ({@code GET
 * /v1/workspaces/{ws}/calls/{call}/events}) while insights arrive on Kafka at 10 a second. For N =
 * 100, 1,000, 2,500, 5,000 and 10,000 (and first 1, the baseline), it prints the delay from sending
 * the Kafka record to a subscriber parsing the event (p50, p99, max, over every delivery), whether
 * every subscriber got every event, and the heap each subscriber costs the service. Goal: 10,000
 * subscribers with p99 under 250 ms.
 *
 * <p>The service (with its Kafka broker and the producer) runs in this JVM, PostgreSQL in its own
 * process, and the subscribers in a second JVM ({@link SseSubscribers}), so that the service's heap
 * and open files are its own. Delays are measured on the wall clock, which both JVMs share.
 *
 * <p>Arguments: {@code [max subscribers] [seconds of events per step]}.
 */
public final class SseFanOutBenchmark {

  private static final int[] STEPS = {100, 1_000, 2_500, 5_000, 10_000};
  private static final int EVENTS_PER_SECOND = 10;
  private static final Duration INTERVAL = Duration.ofMillis(1_000 / EVENTS_PER_SECOND);
  private static final int SERIES_SECONDS = 2;
  private static final int HEAP_CLASSES = 8;
  private static final double GOAL_P99_MILLIS = 250;
  private static final int WARM_UP_SUBSCRIBERS = 100;
  private static final int WARM_UP_SECONDS = 10;
  private static final long DRAIN_PATIENCE_SECONDS = 120;
  private static final String MEETING = "IS1008a.da";
  private static final List<String> SUBSCRIBER_JVM = List.of("-Xmx1g");

  /** Open files this process keeps besides the streams' sockets, with room to spare. */
  private static final int OTHER_FILES_MARGIN = 512;

  private SseFanOutBenchmark() {}

  public static void main(String[] args) throws Exception {
    int requested = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Locale.setDefault(Locale.ROOT);
    // heartbeats every hour: a heartbeat is a write to every stream, which is not what is measured
    try (QueryApiEnvironment env =
        QueryApiEnvironment.start(Map.of("callstream.query.sse.heartbeat", "1h"))) {
      int max = withinFileLimit(requested);
      String callId = env.newCall("SSE fan-out benchmark");
      String path = "/v1/workspaces/" + env.workspaceId() + "/calls/" + callId + "/events";
      Meeting meeting = Meetings.load(MEETING);
      try (TimedInsights insights =
              TimedInsights.of(
                  env.kafka(), env.bean(FieldCipher.class), env.workspaceId(), callId, meeting);
          SubscriberProcess subscribers =
              SubscriberProcess.start(env.url(), path, env.ownerKey(), max, SUBSCRIBER_JVM);
          CpuSampler cpu = CpuSampler.start()) {
        System.out.printf(
            "SSE fan-out on one call, events at %.0f/s (%s's %d action items and decisions as"
                + " insights, encrypted with the service's keys), %d s of events per step;"
                + " heartbeats every hour so they do not count%n",
            (double) EVENTS_PER_SECOND,
            meeting.name(),
            meeting.actionItems().size() + meeting.decisions().size(),
            seconds);
        System.out.printf(
            "the query API, its Kafka broker and the producer run in this JVM, PostgreSQL in its"
                + " own process, the subscribers (Reactor Netty, one pool, their own event loops)"
                + " in a second JVM (pid %d, %s): all share this machine's %d cores (load average"
                + " %.2f), so every delay includes the subscribers' own CPU%n",
            subscribers.pid(),
            String.join(" ", SUBSCRIBER_JVM),
            Runtime.getRuntime().availableProcessors(),
            Load.average());
        Fleet fleet = new Fleet(env, insights, subscribers, cpu);
        fleet.warmUp(Math.min(WARM_UP_SUBSCRIBERS, max));
        Step baseline = fleet.step(1, seconds, false);
        if (baseline == null) {
          throw new IllegalStateException("not even one stream opened: see the errors above");
        }
        print(baseline, baseline);
        Step last = baseline;
        for (int count : steps(max)) {
          Step step = fleet.step(count, seconds, count == max);
          if (step == null) {
            break;
          }
          print(step, baseline);
          last = step;
        }
        summarize(last, baseline, requested);
      }
    }
  }

  /** The steps up to {@code max}, ending at {@code max}. */
  private static List<Integer> steps(int max) {
    List<Integer> steps = new ArrayList<>();
    for (int step : STEPS) {
      if (step < max) {
        steps.add(step);
      }
    }
    if (max > 1) {
      steps.add(max);
    }
    return steps;
  }

  /**
   * {@code requested}, or fewer if this process cannot hold that many sockets more: every
   * subscriber is an open file here and another in the subscriber process, which inherits the
   * limit.
   */
  private static int withinFileLimit(int requested) throws IOException {
    OptionalLong limit = OpenFileLimit.soft();
    if (limit.isEmpty()) {
      System.out.println("open files: no limit known (ulimit -n)");
      return requested;
    }
    long open;
    try (Stream<Path> files = Files.list(Path.of("/proc/self/fd"))) {
      open = files.count();
    }
    long room = limit.getAsLong() - open - OTHER_FILES_MARGIN;
    System.out.printf(
        "open files: limit %d a process (ulimit -n), %d open in this one now: room for %d"
            + " subscribers%n",
        limit.getAsLong(), open, room);
    if (room >= requested) {
      return requested;
    }
    System.out.printf(
        "the open files limit allows only %d subscribers of the %d asked for: run `ulimit -n"
            + " 65536` in the shell first (up to the hard limit, `ulimit -Hn`)%n",
        room, requested);
    return (int) Math.max(1, room);
  }

  private static void print(Step step, Step baseline) {
    SubscriberProcess.Answer delivery = step.delivery();
    long expected = delivery.number("expected");
    long delivered = delivery.number("delivered");
    System.out.printf(
        "N=%d: %d events sent, %d deliveries of %d expected (lost %d: not there %d s after the"
            + " last send; gaps %d, duplicates %d, streams ended %d, closed for overflow %.0f);"
            + " delay p50 %.1f ms, p99 %.1f ms, p99.9"
            + " %.1f ms, max %.1f ms; p99 / %.0f ms = %.2f; p99 / p99 of 1 subscriber = %.2f%n",
        step.subscribers(),
        step.sent().count(),
        delivered,
        expected,
        expected - delivered,
        DRAIN_PATIENCE_SECONDS,
        delivery.number("gaps"),
        delivery.number("duplicates"),
        delivery.number("ended"),
        step.overflows(),
        millis(delivery, "p50"),
        millis(delivery, "p99"),
        millis(delivery, "p999"),
        millis(delivery, "max"),
        GOAL_P99_MILLIS,
        millis(delivery, "p99") / GOAL_P99_MILLIS,
        millis(delivery, "p99") / millis(baseline.delivery(), "p99"));
    Spreads spreads = Spreads.parse(delivery.text("spreads"));
    System.out.printf(
        "N=%d: per event, to its first subscriber (the service before the fan-out) p50 %.1f ms,"
            + " max %.1f ms; from its first to its last subscriber (the fan-out) p50 %.1f ms, max"
            + " %.1f ms; first..last every %d s: %s%n",
        step.subscribers(),
        spreads.firstPercentile(50),
        spreads.firstPercentile(100),
        spreads.fanOutPercentile(50),
        spreads.fanOutPercentile(100),
        SERIES_SECONDS,
        spreads.series((int) (SERIES_SECONDS * 1_000 / INTERVAL.toMillis())));
    double subscriberCores = delivery.decimal("cpu") / step.seconds();
    System.out.printf(
        "N=%d: heap after GC per subscriber (approximate): service %s, subscriber process %s;"
            + " CPU from the first event sent to the last delivered (%.1f s): service JVM %s;"
            + " subscriber JVM %.2f cores%s%n",
        step.subscribers(),
        perSubscriber(step.serviceHeapGrowth(), step.subscribers()),
        perSubscriber(step.subscriberHeapGrowth(), step.subscribers()),
        step.seconds(),
        step.serviceCpu()
            .map(
                use ->
                    String.format(
                        "%.2f cores%s (%s)",
                        use.cores(), perDelivery(use.cores(), step, delivered), use.top(5)))
            .orElse("not known"),
        subscriberCores,
        perDelivery(subscriberCores, step, delivered));
    if (!step.heapByClass().isEmpty()) {
      System.out.printf(
          "N=%d: service heap growth per subscriber by class (live objects, jcmd"
              + " GC.class_histogram): %s%n",
          step.subscribers(),
          step.heapByClass().stream()
              .map(
                  growth ->
                      String.format(
                          "%s %.2f KiB (%.1f objects)",
                          growth.className(),
                          growth.bytes() / 1024.0 / step.subscribers(),
                          (double) growth.instances() / step.subscribers()))
              .collect(Collectors.joining(", ")));
    }
    if (step.sent().failed() > 0) {
      System.out.printf(
          "N=%d: Kafka refused %d sends: %s%n",
          step.subscribers(), step.sent().failed(), step.sent().failure());
    }
  }

  private static void summarize(Step last, Step baseline, int requested) {
    double p99 = millis(last.delivery(), "p99");
    long lost = last.delivery().number("expected") - last.delivery().number("delivered");
    System.out.printf(
        "SSE fan-out: %d subscribers on one call at 10 events/s: p50 %.1f ms, p99 %.1f ms vs goal"
            + " %.0f ms: ratio %.2f (%s); p99 vs 1 subscriber (%.1f ms): ratio %.2f; lost"
            + " deliveries %d; service heap per subscriber %s (approximate); server and"
            + " subscribers sharing %d cores%n",
        last.subscribers(),
        millis(last.delivery(), "p50"),
        p99,
        GOAL_P99_MILLIS,
        p99 / GOAL_P99_MILLIS,
        last.subscribers() < requested
            ? "only " + last.subscribers() + " of " + requested + " subscribers reached"
            : p99 < GOAL_P99_MILLIS ? "goal met" : "goal missed",
        millis(baseline.delivery(), "p99"),
        p99 / millis(baseline.delivery(), "p99"),
        lost,
        perSubscriber(last.serviceHeapGrowth(), last.subscribers()),
        Runtime.getRuntime().availableProcessors());
  }

  private static double millis(SubscriberProcess.Answer delivery, String micros) {
    return delivery.number(micros) / 1_000.0;
  }

  /** CPU time a delivery, where there were enough deliveries for the fixed costs to fade. */
  private static String perDelivery(double cores, Step step, long delivered) {
    if (step.subscribers() < WARM_UP_SUBSCRIBERS || delivered == 0) {
      return "";
    }
    return String.format(", %.1f us a delivery", cores * step.seconds() * 1e6 / delivered);
  }

  private static String perSubscriber(long growth, int subscribers) {
    if (subscribers < WARM_UP_SUBSCRIBERS) {
      return "n/a (too few subscribers to see)";
    }
    return String.format("%.1f KiB", growth / 1024.0 / subscribers);
  }

  /**
   * What one step measured.
   *
   * @param subscribers streams open
   * @param seconds from the first event sent to the last delivered
   * @param sent the events sent
   * @param delivery what the subscriber process counted ({@code finish}'s answer)
   * @param serviceHeapGrowth this JVM's heap after GC with the streams open, less with none
   * @param subscriberHeapGrowth the same in the subscriber process
   * @param serviceCpu this JVM's CPU use over the same time, in all and by kind of thread
   * @param overflows streams the service closed because they fell behind, during the step
   * @param heapByClass what this JVM's heap growth is made of, most first; empty if not taken
   */
  private record Step(
      int subscribers,
      double seconds,
      TimedInsights.Sent sent,
      SubscriberProcess.Answer delivery,
      long serviceHeapGrowth,
      long subscriberHeapGrowth,
      Optional<CpuSampler.Use> serviceCpu,
      double overflows,
      List<ClassHistogram.Growth> heapByClass) {}

  /**
   * Per event of a step, in order, how long it took to reach its first and its last subscriber, in
   * microseconds. Immutable.
   */
  private record Spreads(long[] first, long[] last) {

    /** What {@link SseSubscribers} wrote: {@code first:last} per event, comma-separated. */
    static Spreads parse(String text) {
      String[] events = text.split(",");
      long[] first = new long[events.length];
      long[] last = new long[events.length];
      for (int i = 0; i < events.length; i++) {
        String[] pair = events[i].split(":");
        first[i] = Long.parseLong(pair[0]);
        last[i] = Long.parseLong(pair[1]);
      }
      return new Spreads(first, last);
    }

    double firstPercentile(double percentile) {
      return percentile(first.clone(), percentile);
    }

    double fanOutPercentile(double percentile) {
      long[] fanOut = new long[first.length];
      for (int i = 0; i < fanOut.length; i++) {
        fanOut[i] = last[i] - first[i];
      }
      return percentile(fanOut, percentile);
    }

    /** Every {@code every}th event's first and last delay, in milliseconds. */
    String series(int every) {
      List<String> points = new ArrayList<>();
      for (int i = 0; i < first.length; i += every) {
        points.add(String.format("%.0f..%.0f", first[i] / 1e3, last[i] / 1e3));
      }
      return String.join(", ", points) + " ms";
    }

    /** The nearest-rank percentile, in milliseconds. */
    private static double percentile(long[] micros, double percentile) {
      Arrays.sort(micros);
      int rank = (int) Math.ceil(percentile / 100 * micros.length);
      return micros[Math.max(0, Math.min(micros.length - 1, rank - 1))] / 1e3;
    }
  }

  /** The subscribers, the producer and what they are measured against. Not thread-safe. */
  private static final class Fleet {

    private final QueryApiEnvironment env;
    private final TimedInsights insights;
    private final SubscriberProcess subscribers;
    private final CpuSampler cpu;
    private long serviceHeapAtRest;
    private long subscriberHeapAtRest;
    private @Nullable ClassHistogram heapByClassAtRest;

    Fleet(
        QueryApiEnvironment env,
        TimedInsights insights,
        SubscriberProcess subscribers,
        CpuSampler cpu) {
      this.env = env;
      this.insights = insights;
      this.subscribers = subscribers;
      this.cpu = cpu;
    }

    /**
     * Runs events through {@code count} streams (JIT, pools, the live feed's first reads), closes
     * them and measures the heap both JVMs hold with no stream open.
     */
    void warmUp(int count) throws InterruptedException {
      subscribers.command("open " + count);
      int events = WARM_UP_SECONDS * EVENTS_PER_SECOND;
      subscribers.command("start " + insights.nextSeq() + " " + events);
      TimedInsights.Sent sent = insights.send(events, INTERVAL);
      subscribers.command("finish " + sent.lastSeq() + " " + DRAIN_PATIENCE_SECONDS);
      subscribers.command("close");
      // the service notices closed connections on its event loops, a moment later
      TimeUnit.SECONDS.sleep(2);
      serviceHeapAtRest = HeapAfterGc.usedBytes();
      heapByClassAtRest = ClassHistogram.take();
      subscriberHeapAtRest = subscribers.command("heap").number("heap");
      System.out.printf(
          "warm-up: %d subscribers, %d s of events; heap after GC with no stream open: service"
              + " JVM %.0f MiB, subscriber JVM %.0f MiB%n",
          count,
          WARM_UP_SECONDS,
          serviceHeapAtRest / 1024.0 / 1024.0,
          subscriberHeapAtRest / 1024.0 / 1024.0);
    }

    /**
     * Opens streams until {@code count} are open, then sends {@code seconds} of events; null if not
     * every stream opened. With {@code byClass}, also says what the service's heap growth is made
     * of.
     */
    @Nullable Step step(int count, int seconds, boolean byClass) {
      SubscriberProcess.Answer opened = subscribers.command("open " + count);
      if (opened.number("failed") > 0 || opened.number("open") < count) {
        System.out.printf(
            "N=%d: only %d of %d streams connected (%d failed, see the errors above): stopping"
                + " here%n",
            count, opened.number("open"), count, opened.number("failed"));
        return null;
      }
      long serviceHeap = HeapAfterGc.usedBytes();
      List<ClassHistogram.Growth> heapByClass =
          byClass
              ? ClassHistogram.take()
                  .growthSince(
                      Objects.requireNonNull(heapByClassAtRest, "warm up first"), HEAP_CLASSES)
              : List.of();
      long subscriberHeap = subscribers.command("heap").number("heap");
      double overflowsBefore = overflows();
      int events = seconds * EVENTS_PER_SECOND;
      subscribers.command("start " + insights.nextSeq() + " " + events);
      Instant from = Instant.now();
      TimedInsights.Sent sent = insights.send(events, INTERVAL);
      SubscriberProcess.Answer delivery =
          subscribers.command("finish " + sent.lastSeq() + " " + DRAIN_PATIENCE_SECONDS);
      Instant to = Instant.now();
      return new Step(
          count,
          Duration.between(from, to).toMillis() / 1e3,
          sent,
          delivery,
          serviceHeap - serviceHeapAtRest,
          subscriberHeap - subscriberHeapAtRest,
          cpu.use(new RequestLog.Window(from, to, events)),
          overflows() - overflowsBefore,
          heapByClass);
    }

    /** Streams the service closed because their client fell behind, so far. */
    private double overflows() {
      Counter closed =
          env.bean(MeterRegistry.class)
              .find("callstream.query.sse.closed")
              .tag("reason", "overflow")
              .counter();
      return closed == null ? 0 : closed.count();
    }
  }
}
