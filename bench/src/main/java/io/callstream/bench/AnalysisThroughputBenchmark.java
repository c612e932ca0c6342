package io.callstream.bench;

import io.callstream.core.meeting.Meeting;
import io.callstream.core.meeting.Meetings;
import io.callstream.flink.chunk.ChunkingSettings;
import io.callstream.llmtest.Faults;
import java.util.List;
import java.util.Locale;

/**
 * Chunks analyzed per second by the real analysis job (embedded Kafka, Flink MiniCluster, openai
 * analyzer over HTTP) against the OpenAI test server at a fixed latency L = 200 ms and a
 * concurrency limit C = 32, divided by the ideal C / L = 160/s (goal: 0.9 or more); and the same
 * job with a dispatcher that sends one request at a time (ideal 1 / L = 5/s), the sequential
 * baseline, and with a quarter of C in between. The real meetings are uploaded as many calls at
 * once, cut into small chunks so there are enough of them.
 *
 * <p>The concurrent run has a warm-up round and then {@value #ROUNDS} measured ones, of which the
 * median counts; the others run once, after it, on the warm JVM. Steady state is read from the test
 * server's log: chunk requests answered OK per second over the middle 80% of them. End to end is
 * those chunks over the time from the first request to the last call's {@code CallAnalyzed}. Also
 * printed: the server's peak of requests in flight and the 429s the job provoked (a dispatcher that
 * keeps within C provokes none).
 *
 * <p>Arguments: {@code [copies of the meetings] [copies for the sequential run] [chunk tokens]}.
 */
public final class AnalysisThroughputBenchmark {

  /** Small chunks, so the real meetings make many; overlap as a share of the default. */
  static final int CHUNK_TOKENS = 40;

  /** Rounds of the concurrent run, after a warm-up round of the same size; the median counts. */
  static final int ROUNDS = 3;

  private AnalysisThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int copies = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int sequentialCopies = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int chunkTokens = args.length > 2 ? Integer.parseInt(args[2]) : CHUNK_TOKENS;
    ChunkingSettings chunking = chunking(chunkTokens);
    List<Meeting> meetings = Meetings.all();
    List<Meeting> sequentialMeetings = List.of(Meetings.load("IS1004a"));
    int concurrency = ThroughputRun.PROVIDER_LIMIT;
    try (AnalysisBench bench = AnalysisBench.start()) {
      List<ThroughputRun.Figures> rounds =
          ThroughputRun.measure(
              bench,
              "dispatcher concurrency " + concurrency,
              ThroughputRun.dispatch(concurrency),
              Faults.none(),
              chunking,
              meetings,
              copies,
              ROUNDS,
              true);
      ThroughputRun.Figures concurrent = ThroughputRun.median(rounds);
      // Between the two: where the rate stops following the concurrency, if it does.
      ThroughputRun.Figures quarter =
          ThroughputRun.measure(
                  bench,
                  "dispatcher concurrency " + concurrency / 4,
                  ThroughputRun.dispatch(concurrency / 4),
                  Faults.none(),
                  chunking,
                  meetings,
                  1,
                  1,
                  false)
              .get(0);
      ThroughputRun.Figures sequential =
          ThroughputRun.measure(
                  bench,
                  "dispatcher concurrency 1",
                  ThroughputRun.dispatch(1),
                  Faults.none(),
                  chunking,
                  sequentialMeetings,
                  sequentialCopies,
                  1,
                  false)
              .get(0);
      double ideal = ThroughputRun.Figures.ideal(concurrency);
      double idealSequential = ThroughputRun.Figures.ideal(1);
      System.out.printf(
          Locale.ROOT,
          "%nanalysis throughput: L = %d ms, C = %d, %d-token chunks, %d cores, load %.1f%n",
          ThroughputRun.LATENCY.toMillis(),
          concurrency,
          chunkTokens,
          Runtime.getRuntime().availableProcessors(),
          Load.average());
      System.out.println(ThroughputRun.Figures.header());
      rounds.forEach(round -> System.out.println(round.row(ideal)));
      System.out.println(quarter.row(ThroughputRun.Figures.ideal(concurrency / 4)));
      System.out.println(sequential.row(idealSequential));
      System.out.println(concurrent.cpuRow());
      System.out.println(quarter.cpuRow());
      System.out.printf(
          Locale.ROOT,
          "throughput %.1f chunks/s (median of %d rounds) ÷ ideal C/L %.0f/s = %.3f (goal >= 0.9)%n",
          concurrent.steadyPerSecond(),
          ROUNDS,
          ideal,
          concurrent.steadyPerSecond() / ideal);
      System.out.printf(
          Locale.ROOT,
          "sequential %.2f chunks/s ÷ ideal 1/L %.0f/s = %.3f%n",
          sequential.steadyPerSecond(),
          idealSequential,
          sequential.steadyPerSecond() / idealSequential);
      System.out.printf(
          Locale.ROOT,
          "concurrent ÷ sequential = %.1f (ideal %d)%n",
          concurrent.steadyPerSecond() / sequential.steadyPerSecond(),
          concurrency);
      System.out.printf(
          Locale.ROOT,
          "server in-flight peak %d (limit %d), 429s provoked %d%n",
          concurrent.inFlightPeak(),
          concurrency,
          concurrent.rateLimited() + quarter.rateLimited() + sequential.rateLimited());
    }
  }

  /** The default chunking with another budget and an overlap of the same share. */
  static ChunkingSettings chunking(int tokens) {
    ChunkingSettings defaults = ChunkingSettings.defaults();
    return defaults.withTokens(tokens, tokens * defaults.overlapTokens() / defaults.tokenBudget());
  }
}
