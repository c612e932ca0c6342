package io.callstream.bench;

import io.callstream.analyzer.ChunkRequest;
import io.callstream.analyzer.TranscriptLine;
import io.callstream.analyzer.local.LocalAnalyzer;
import io.callstream.analyzer.local.TopicSegmenter;
import io.callstream.core.meeting.Meeting;
import io.callstream.core.meeting.Meetings;
import io.callstream.core.token.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code local} analyzer on the real meetings of the test resources.
 *
 * <ol>
 *   <li><b>Speed</b>: each meeting cut into chunks of about {@value #CHUNK_TOKENS} tokens (at line
 *       ends, with the previous {@value #CONTEXT_LINES} lines as context, as the chunker does) and
 *       analyzed one chunk after another on one thread; meeting duration divided by wall time, "x
 *       real time". QMSum meetings have no timestamps; their duration is estimated at 150 words a
 *       minute. AMI meetings ({@code .da}) have real times.
 *   <li><b>Topic segmentation</b> against the QMSum reference topic spans, turn by turn: Pk and
 *       WindowDiff (k = half the mean reference segment length) of the analyzer's embedding
 *       segmentation of the whole meeting, of a lexical TextTiling baseline run here, and of
 *       placing no boundary at all, and the ratio local / baseline (lower is better).
 * </ol>
 *
 * <p>Arguments: {@code [chunk tokens]}.
 */
public final class LocalAnalyzerBenchmark {

  static final int CHUNK_TOKENS = 1500;
  static final int CONTEXT_LINES = 3;

  private LocalAnalyzerBenchmark() {}

  public static void main(String[] args) {
    int chunkTokens = args.length > 0 ? Integer.parseInt(args[0]) : CHUNK_TOKENS;
    System.out.printf(
        Locale.ROOT,
        "local analyzer: %d-token chunks, one analysis thread, ONNX on one thread (%d cores on this"
            + " machine)%n",
        chunkTokens,
        Runtime.getRuntime().availableProcessors());
    try (LocalAnalyzer analyzer = LocalAnalyzer.create(1)) {
      // Warm-up: loads the model and lets the JIT compile, outside every measurement.
      analyzeAll(analyzer, chunks(lines(Meetings.load("IS1004a")), chunkTokens));
      System.out.println();
      System.out.println("speed");
      double totalMs = 0;
      double totalSeconds = 0;
      for (String name : Meetings.NAMES) {
        Meeting meeting = Meetings.load(name);
        List<ChunkRequest> chunks = chunks(lines(meeting), chunkTokens);
        double seconds = analyzeAll(analyzer, chunks);
        totalMs += meeting.durationMs();
        totalSeconds += seconds;
        System.out.printf(
            Locale.ROOT,
            "  %-13s %5.1f min, %4d lines, %2d chunks: %6.2f s, %6.0f x real time%s%n",
            name,
            meeting.durationMs() / 60_000.0,
            meeting.turns().size(),
            chunks.size(),
            seconds,
            meeting.durationMs() / 1000.0 / seconds,
            name.endsWith(".da") ? "" : " (duration estimated)");
      }
      System.out.printf(
          Locale.ROOT, "  all meetings: %.0f x real time%n", totalMs / 1000.0 / totalSeconds);
    }
    System.out.println();
    segmentation();
  }

  private static void segmentation() {
    TopicSegmenter segmenter = TopicSegmenter.create();
    System.out.println("topic segmentation vs QMSum topic spans (Pk, WindowDiff; lower is better)");
    double[] sums = new double[6];
    for (String name : Meetings.WITH_TOPICS) {
      Meeting meeting = Meetings.load(name);
      List<TranscriptLine> lines = lines(meeting);
      boolean[] reference = SegmentationScores.flags(lines.size(), referenceStarts(meeting));
      int k = SegmentationScores.halfMeanSegmentLength(reference);
      boolean[] local = SegmentationScores.flags(lines.size(), segmenter.boundaries(lines));
      boolean[] lexical =
          SegmentationScores.flags(
              lines.size(),
              LexicalTextTiling.boundaries(
                  meeting.turns().stream().map(Meeting.Turn::text).toList()));
      boolean[] none = new boolean[lines.size()];
      double[] scores = {
        SegmentationScores.pk(reference, local, k),
        SegmentationScores.windowDiff(reference, local, k),
        SegmentationScores.pk(reference, lexical, k),
        SegmentationScores.windowDiff(reference, lexical, k),
        SegmentationScores.pk(reference, none, k),
        SegmentationScores.windowDiff(reference, none, k)
      };
      for (int i = 0; i < sums.length; i++) {
        sums[i] += scores[i];
      }
      System.out.printf(
          Locale.ROOT,
          "  %-13s %3d turns, k=%2d, boundaries ref/local/lexical %d/%d/%d%n",
          name,
          lines.size(),
          k,
          count(reference),
          count(local),
          count(lexical));
      print(scores);
    }
    int meetings = Meetings.WITH_TOPICS.size();
    System.out.printf(Locale.ROOT, "  mean over %d meetings%n", meetings);
    double[] means = new double[sums.length];
    for (int i = 0; i < sums.length; i++) {
      means[i] = sums[i] / meetings;
    }
    print(means);
  }

  private static void print(double[] scores) {
    System.out.printf(
        Locale.ROOT,
        "    local (embeddings)  Pk %.3f  WindowDiff %.3f%n"
            + "    lexical TextTiling  Pk %.3f  WindowDiff %.3f%n"
            + "    no boundary         Pk %.3f  WindowDiff %.3f%n"
            + "    local / lexical     Pk %.2f  WindowDiff %.2f%n",
        scores[0],
        scores[1],
        scores[2],
        scores[3],
        scores[4],
        scores[5],
        scores[0] / scores[2],
        scores[1] / scores[3]);
  }

  /** Wall time in seconds to analyze the chunks one after another. */
  private static double analyzeAll(LocalAnalyzer analyzer, List<ChunkRequest> chunks) {
    long start = System.nanoTime();
    for (ChunkRequest chunk : chunks) {
      analyzer.analyze(chunk).join();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Reference topic starts: the first turn of every span but the first. */
  private static List<Integer> referenceStarts(Meeting meeting) {
    List<Integer> starts = new ArrayList<>();
    for (Meeting.TopicSpan span : meeting.topics()) {
      if (span.firstTurn() > 0 && !starts.contains(span.firstTurn())) {
        starts.add(span.firstTurn());
      }
    }
    return starts;
  }

  private static List<TranscriptLine> lines(Meeting meeting) {
    List<TranscriptLine> lines = new ArrayList<>();
    for (Meeting.Turn turn : meeting.turns()) {
      lines.add(
          new TranscriptLine(
              "seg-" + lines.size(), turn.speaker(), turn.startMs(), turn.endMs(), turn.text()));
    }
    return lines;
  }

  private static List<ChunkRequest> chunks(List<TranscriptLine> lines, int chunkTokens) {
    List<ChunkRequest> chunks = new ArrayList<>();
    int from = 0;
    int tokens = 0;
    for (int i = 0; i < lines.size(); i++) {
      tokens += TokenCounter.o200k().count(lines.get(i).text());
      if (tokens >= chunkTokens || i == lines.size() - 1) {
        chunks.add(
            new ChunkRequest(
                "bench",
                "call",
                "chunk-" + chunks.size(),
                chunks.size(),
                lines.subList(Math.max(0, from - CONTEXT_LINES), from),
                lines.subList(from, i + 1)));
        from = i + 1;
        tokens = 0;
      }
    }
    return chunks;
  }

  private static int count(boolean[] flags) {
    int count = 0;
    for (boolean flag : flags) {
      if (flag) {
        count++;
      }
    }
    return count;
  }
}
