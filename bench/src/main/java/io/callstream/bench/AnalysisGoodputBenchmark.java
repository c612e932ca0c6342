package io.callstream.bench;

import io.callstream.analyzer.dispatch.DispatchSettings;
import io.callstream.core.meeting.Meeting;
import io.callstream.core.meeting.Meetings;
import io.callstream.flink.chunk.ChunkingSettings;
import io.callstream.llmtest.Faults;
import java.util.List;
import java.util.Locale;

/**
 * Goodput of the analysis job when the provider refuses 10% of requests with 429 and {@code
 * Retry-After: 1 s} (at random, on top of its concurrency limit C = 32, latency L = 200 ms): chunks
 * answered OK per second, divided by the ideal C / L = 160/s and by the same job's rate without
 * faults, measured first in the same process (median of 3 rounds after a warm-up round). Run twice:
 * with the dispatcher's global cool-down (the default: a 429 with {@code Retry-After} pauses every
 * new attempt) and without it (only the refused request waits). Set-up as in {@link
 * AnalysisThroughputBenchmark}.
 *
 * <p>Arguments: {@code [copies of the meetings] [chunk tokens]}.
 */
public final class AnalysisGoodputBenchmark {

  static final double RATE_429 = 0.10;

  private AnalysisGoodputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int copies = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int chunkTokens =
        args.length > 1 ? Integer.parseInt(args[1]) : AnalysisThroughputBenchmark.CHUNK_TOKENS;
    ChunkingSettings chunking = AnalysisThroughputBenchmark.chunking(chunkTokens);
    List<Meeting> meetings = Meetings.all();
    int concurrency = ThroughputRun.PROVIDER_LIMIT;
    DispatchSettings dispatch = ThroughputRun.dispatch(concurrency);
    Faults faults = Faults.of(RATE_429, 0, 0, 0);
    try (AnalysisBench bench = AnalysisBench.start()) {
      ThroughputRun.Figures clean =
          ThroughputRun.median(
              ThroughputRun.measure(
                  bench,
                  "no faults",
                  dispatch,
                  Faults.none(),
                  chunking,
                  meetings,
                  copies,
                  3,
                  true));
      ThroughputRun.Figures withCooldown =
          ThroughputRun.measure(
                  bench,
                  "10% 429s, global cool-down on",
                  dispatch.withGlobalCooldown(true),
                  faults,
                  chunking,
                  meetings,
                  copies,
                  1,
                  false)
              .get(0);
      ThroughputRun.Figures withoutCooldown =
          ThroughputRun.measure(
                  bench,
                  "10% 429s, global cool-down off",
                  dispatch.withGlobalCooldown(false),
                  faults,
                  chunking,
                  meetings,
                  copies,
                  1,
                  false)
              .get(0);
      double ideal = ThroughputRun.Figures.ideal(concurrency);
      System.out.printf(
          Locale.ROOT,
          "%nanalysis goodput: L = %d ms, C = %d, %.0f%% 429s with Retry-After %d s,"
              + " %d-token chunks, %d cores, load %.1f%n",
          ThroughputRun.LATENCY.toMillis(),
          concurrency,
          100 * RATE_429,
          ThroughputRun.RETRY_AFTER.toSeconds(),
          chunkTokens,
          Runtime.getRuntime().availableProcessors(),
          Load.average());
      System.out.println(ThroughputRun.Figures.header());
      for (ThroughputRun.Figures run : List.of(clean, withCooldown, withoutCooldown)) {
        System.out.println(run.row(ideal));
      }
      for (ThroughputRun.Figures run : List.of(withCooldown, withoutCooldown)) {
        System.out.printf(
            Locale.ROOT,
            "%s: goodput %.1f chunks/s ÷ ideal %.0f/s = %.3f; ÷ no faults %.1f/s = %.3f%n",
            run.name(),
            run.steadyPerSecond(),
            ideal,
            run.steadyPerSecond() / ideal,
            clean.steadyPerSecond(),
            run.steadyPerSecond() / clean.steadyPerSecond());
      }
    }
  }
}
