package io.callstream.bench;

import io.callstream.analyzer.dispatch.DispatchSettings;
import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.meeting.Meeting;
import io.callstream.flink.chunk.ChunkingSettings;
import io.callstream.llmtest.Fault;
import io.callstream.llmtest.Faults;
import io.callstream.llmtest.Latency;
import io.callstream.llmtest.OpenAiTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One measured run of the analysis job against a test server that answers in a fixed {@link
 * #LATENCY} and refuses more than {@link #PROVIDER_LIMIT} requests at once with 429: many calls
 * uploaded at once, so the chunks wait in the job and the dispatcher alone sets the pace.
 */
final class ThroughputRun {

  /** L: how long the provider takes to answer a request. */
  static final Duration LATENCY = Duration.ofMillis(200);

  /** C: the provider's concurrency limit; more at once is answered 429. */
  static final int PROVIDER_LIMIT = 32;

  /** What the provider's 429s ask the client to wait. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private static final Duration DEADLINE = Duration.ofMinutes(4);

  /**
   * What one run measured.
   *
   * @param chunks chunk requests answered OK
   * @param steadyPerSecond chunk requests answered OK per second over the middle 80% of them
   * @param endToEndPerSecond {@code chunks} divided by the time from the first request to the last
   *     call's {@link CallAnalyzed}
   * @param rateLimited requests answered 429, for the concurrency limit or as a random fault
   * @param inFlightPeak the most requests the server held at once, earlier rounds included
   * @param inFlightMean the mean of the requests the server held in steady state
   * @param statuses how the calls ended
   * @param cpu what the process used in steady state, if known
   */
  record Figures(
      String name,
      int chunks,
      double steadyPerSecond,
      double endToEndPerSecond,
      long rateLimited,
      int inFlightPeak,
      double inFlightMean,
      Map<CallAnalyzed.Status, Long> statuses,
      CpuSampler.@Nullable Use cpu) {

    /** The ideal rate with {@code concurrency} requests always in flight: concurrency / L. */
    static double ideal(int concurrency) {
      return concurrency / RequestLog.seconds(LATENCY);
    }

    String row(double ideal) {
      return String.format(
          Locale.ROOT,
          "%-34s %6d %9.1f %8.1f %8.3f %7d %5d %6.1f  %s",
          name,
          chunks,
          steadyPerSecond,
          endToEndPerSecond,
          steadyPerSecond / ideal,
          rateLimited,
          inFlightPeak,
          inFlightMean,
          statuses);
    }

    /** CPU use in steady state: cores, milliseconds per chunk and the busiest threads. */
    String cpuRow() {
      if (cpu == null) {
        return name + ": CPU use not known";
      }
      return String.format(
          Locale.ROOT,
          "%s: %.2f cores, %.1f ms CPU per chunk; by thread: %s",
          name,
          cpu.cores(),
          1000 * cpu.cores() / steadyPerSecond,
          cpu.top(8));
    }

    static String header() {
      return String.format(
          Locale.ROOT,
          "%-34s %6s %9s %8s %8s %7s %5s %6s  %s",
          "run",
          "chunks",
          "steady/s",
          "e2e/s",
          "÷ideal",
          "429s",
          "peak",
          "mean",
          "calls");
    }
  }

  private ThroughputRun() {}

  /**
   * Starts a test server and a job; then, round after round, uploads {@code copies} of every
   * meeting as calls of their own and waits until all are analyzed. A warm-up round first, if
   * asked, lets the JIT compile the whole path; its figures are dropped.
   *
   * @return the figures of each measured round
   */
  static List<Figures> measure(
      AnalysisBench bench,
      String name,
      DispatchSettings dispatch,
      Faults faults,
      ChunkingSettings chunking,
      List<Meeting> meetings,
      int copies,
      int rounds,
      boolean warmUp)
      throws Exception {
    try (OpenAiTestServer llm =
            OpenAiTestServer.builder()
                .latency(Latency.fixed(LATENCY))
                .concurrencyLimit(PROVIDER_LIMIT, RETRY_AFTER)
                .faults(faults)
                .seed(2026)
                .start();
        AnalysisBench.Job job = bench.startJob(bench.settings(llm.baseUrl(), chunking, dispatch));
        CallWriter writer = bench.writer()) {
      if (warmUp) {
        round(bench, llm, job, writer, name, meetings, copies, "warm-up");
      }
      List<Figures> figures = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        figures.add(
            round(
                bench,
                llm,
                job,
                writer,
                rounds == 1 ? name : name + ", round " + round,
                meetings,
                copies,
                "r" + round));
      }
      return figures;
    }
  }

  /** The round whose steady rate is the median of the rounds'. */
  static Figures median(List<Figures> rounds) {
    List<Figures> sorted =
        rounds.stream().sorted(Comparator.comparingDouble(Figures::steadyPerSecond)).toList();
    return sorted.get(sorted.size() / 2);
  }

  private static Figures round(
      AnalysisBench bench,
      OpenAiTestServer llm,
      AnalysisBench.Job job,
      CallWriter writer,
      String name,
      List<Meeting> meetings,
      int copies,
      String round)
      throws Exception {
    String workspace = "ws-bench-" + job.id();
    int from = llm.requests().size();
    List<String> calls = new ArrayList<>();
    Map<String, CallAnalyzed> analyzed;
    try (InFlightSampler inFlight = InFlightSampler.start(llm::inFlight);
        CpuSampler cpu = CpuSampler.start()) {
      for (int copy = 0; copy < copies; copy++) {
        for (int m = 0; m < meetings.size(); m++) {
          // by index: the QMSum and AMI versions of a meeting have the same name
          String call = "call-" + job.id() + "-" + round + "-" + copy + "-" + m;
          writer.upload(workspace, call, meetings.get(m));
          calls.add(call);
        }
      }
      analyzed = bench.awaitAnalyzed(calls, DEADLINE);
      RequestLog log = RequestLog.since(llm.requests(), from);
      Instant lastAnalyzed =
          analyzed.values().stream()
              .map(CallAnalyzed::occurredAt)
              .max(Instant::compareTo)
              .orElseThrow();
      int chunks = log.chunkRequests(Fault.OK).size();
      return new Figures(
          name,
          chunks,
          log.steadyRate(Fault.OK),
          chunks / RequestLog.seconds(Duration.between(log.first(), lastAnalyzed)),
          log.count(Fault.RATE_LIMITED),
          llm.inFlightPeak(),
          log.steady(Fault.OK).map(inFlight::mean).orElse(Double.NaN),
          analyzed.values().stream()
              .collect(
                  Collectors.groupingBy(CallAnalyzed::status, TreeMap::new, Collectors.counting())),
          log.steady(Fault.OK).flatMap(cpu::use).orElse(null));
    }
  }

  /** The default dispatcher of the job with another concurrency bound. */
  static DispatchSettings dispatch(int concurrency) {
    return DispatchSettings.defaults().withMaxConcurrency(concurrency);
  }
}
