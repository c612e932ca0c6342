package io.callstream.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * The subscriber process of {@link SseFanOutBenchmark}: a {@link SubscriberFleet} in a JVM of its
 * own, so that the service's heap and open files are the service's alone, driven by one command a
 * line on standard input and answering one line on standard output ({@link SubscriberProcess}
 * speaks this). Logs go to standard error.
 *
 * <p>Arguments: {@code baseUrl path maxStreams}; the API key comes in the environment variable
 * {@value #BEARER}, so it does not show in the process list. Commands: {@code open TOTAL}, {@code
 * heap}, {@code start FIRST_SEQ EVENTS}, {@code finish LAST_SEQ PATIENCE_SECONDS}, {@code close},
 * {@code exit}.
 */
public final class SseSubscribers {

  /** The environment variable that holds the API key. */
  static final String BEARER = "CALLSTREAM_BENCH_BEARER";

  /** How every answer starts, so that stray output is never read as one. */
  static final String ANSWER = "sse-subscribers:";

  private static final Duration OPEN_PATIENCE = Duration.ofMinutes(2);

  private SseSubscribers() {}

  public static void main(String[] args) throws Exception {
    PrintStream answers = System.out;
    // everything else that writes to standard output (logback's console) writes to errors
    System.setOut(System.err);
    if (args.length != 3) {
      throw new IllegalArgumentException("usage: SseSubscribers baseUrl path maxStreams");
    }
    String bearer = System.getenv(BEARER);
    if (bearer == null || bearer.isBlank()) {
      throw new IllegalStateException(BEARER + " must hold the API key");
    }
    try (SubscriberFleet fleet =
            SubscriberFleet.of(URI.create(args[0]), args[1], bearer, Integer.parseInt(args[2]));
        BufferedReader commands =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line = commands.readLine();
          line != null && !line.equals("exit");
          line = commands.readLine()) {
        String answer;
        try {
          answer = run(fleet, line.trim().split(" "));
        } catch (RuntimeException e) {
          e.printStackTrace();
          answer = "error " + e;
        }
        answers.println(ANSWER + " " + answer.replace('\n', ' '));
        answers.flush();
      }
    }
  }

  /** Each event's first and last delay in microseconds, as {@code first:last,first:last,...}. */
  private static String spreads(List<SubscriberFleet.Spread> spreads) {
    return spreads.stream()
        .map(spread -> spread.firstMicros() + ":" + spread.lastMicros())
        .collect(Collectors.joining(","));
  }

  private static String run(SubscriberFleet fleet, String[] command) {
    return switch (command[0]) {
      case "open" -> {
        int failed = fleet.open(Integer.parseInt(command[1]), OPEN_PATIENCE);
        yield "ok open=" + fleet.size() + " failed=" + failed;
      }
      case "heap" -> "ok heap=" + HeapAfterGc.usedBytes();
      case "start" -> {
        fleet.start(Long.parseLong(command[1]), Integer.parseInt(command[2]));
        yield "ok";
      }
      case "finish" -> {
        SubscriberFleet.Step step =
            fleet.finish(
                Long.parseLong(command[1]), Duration.ofSeconds(Long.parseLong(command[2])));
        Histogram delays = step.delays();
        yield String.format(
            Locale.ROOT,
            "ok streams=%d expected=%d delivered=%d gaps=%d duplicates=%d stale=%d unstamped=%d"
                + " ended=%d cpu=%.3f count=%d p50=%d p99=%d p999=%d max=%d mean=%.0f spreads=%s",
            step.streams(),
            step.expected(),
            step.delivered(),
            step.gaps(),
            step.duplicates(),
            step.stale(),
            step.unstamped(),
            step.ended(),
            step.cpuSeconds(),
            delays.getTotalCount(),
            delays.getValueAtPercentile(50),
            delays.getValueAtPercentile(99),
            delays.getValueAtPercentile(99.9),
            delays.getMaxValue(),
            delays.getMean(),
            spreads(step.spreads()));
      }
      case "close" -> {
        fleet.closeAll();
        yield "ok open=0";
      }
      default ->
          throw new IllegalArgumentException("unknown command: " + String.join(" ", command));
    };
  }
}
