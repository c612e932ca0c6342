package io.callstream.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Samples this process's CPU time, in all and by kind of thread (names with their numbers taken
 * out: all OkHttp threads are one kind), so a run can say which part of the pipeline was busy.
 * Everything runs in this process: the job, Kafka, the test server and the benchmark itself.
 * Thread-safe.
 */
final class CpuSampler implements AutoCloseable {

  private static final long PERIOD_MILLIS = 250;
  private static final Pattern DIGITS = Pattern.compile("\\d+");

  /** Linux counts thread CPU time in clock ticks of 1/100 s (USER_HZ) on every platform we run. */
  private static final long NANOS_PER_TICK = 10_000_000;

  private record Sample(Instant at, long processNanos, Map<String, Long> nanosByKind) {}

  /**
   * CPU use over a window of a run.
   *
   * @param cores CPU seconds per second of the window
   * @param coresByKind the same by kind of thread, busiest first
   */
  record Use(double cores, Map<String, Double> coresByKind) {

    /** The busiest kinds of thread, one line. */
    String top(int kinds) {
      return coresByKind.entrySet().stream()
          .limit(kinds)
          .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
          .collect(Collectors.joining("; "));
    }
  }

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final List<Sample> samples = new ArrayList<>();
  private final ScheduledExecutorService timer;

  private CpuSampler() {
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "cpu-sampler");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleAtFixedRate(this::sample, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  static CpuSampler start() {
    return new CpuSampler();
  }

  /** CPU used between the samples nearest the window's ends; empty if it spans no samples. */
  synchronized Optional<Use> use(RequestLog.Window window) {
    Sample from = nearest(window.from());
    Sample to = nearest(window.to());
    if (from == null || to == null || !to.at().isAfter(from.at())) {
      return Optional.empty();
    }
    double seconds = RequestLog.seconds(Duration.between(from.at(), to.at()));
    Map<String, Double> byKind = new HashMap<>();
    to.nanosByKind()
        .forEach(
            (kind, nanos) ->
                byKind.put(
                    kind, (nanos - from.nanosByKind().getOrDefault(kind, 0L)) / 1e9 / seconds));
    Map<String, Double> sorted =
        byKind.entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    return Optional.of(new Use((to.processNanos() - from.processNanos()) / 1e9 / seconds, sorted));
  }

  private Sample nearest(Instant at) {
    return samples.stream()
        .min(Comparator.comparing(s -> Duration.between(s.at(), at).abs()))
        .orElse(null);
  }

  private void sample() {
    Map<String, Long> byKind = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null) {
        long nanos = threads.getThreadCpuTime(info.getThreadId());
        if (nanos > 0) {
          byKind.merge(kind(info.getThreadName()), nanos, Long::sum);
        }
      }
    }
    byKind.putAll(jvmThreads());
    Sample sample = new Sample(Instant.now(), os.getProcessCpuTime(), byKind);
    synchronized (this) {
      samples.add(sample);
    }
  }

  /**
   * CPU time of the JVM's own threads, which {@link ThreadMXBean} does not list: the JIT compilers
   * and the garbage collector. Read from {@code /proc/self/task} on Linux; empty elsewhere.
   */
  private static Map<String, Long> jvmThreads() {
    Map<String, Long> byKind = new HashMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return byKind;
    }
    try (Stream<Path> threads = Files.list(tasks)) {
      threads.forEach(
          task -> {
            try {
              String stat = Files.readString(task.resolve("stat"));
              int end = stat.lastIndexOf(')');
              String name = stat.substring(stat.indexOf('(') + 1, end);
              String kind =
                  name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")
                      ? "JIT compiler"
                      : name.startsWith("GC Thread")
                              || name.startsWith("G1 ")
                              || name.equals("VM Thread")
                          ? "garbage collector"
                          : null;
              if (kind != null) {
                // fields after the name: state is 3rd, utime 14th and stime 15th (1-based)
                String[] fields = stat.substring(end + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                byKind.merge(kind, ticks * NANOS_PER_TICK, Long::sum);
              }
            } catch (IOException | RuntimeException gone) {
              // the thread ended while we read it
            }
          });
    } catch (IOException e) {
      return byKind;
    }
    return byKind;
  }

  /** A thread's kind: its name without numbers, Flink's task names cut at the first arrow. */
  static String kind(String threadName) {
    String kind = DIGITS.matcher(threadName).replaceAll("N");
    int paren = kind.indexOf(" (N/N)");
    return paren > 0 ? kind.substring(0, paren) : kind;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
