package io.callstream.bench;

import io.callstream.analyzer.dispatch.DispatchSettings;
import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.event.CallStarted;
import io.callstream.core.meeting.Meeting;
import io.callstream.core.meeting.Meetings;
import io.callstream.core.token.TokenCounter;
import io.callstream.flink.chunk.ChunkingSettings;
import io.callstream.llmtest.Fault;
import io.callstream.llmtest.OpenAiTestServer;
import io.callstream.llmtest.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * LLM input tokens per transcript token of a one-hour live call: {@code education_19} (QMSum, about
 * 54 minutes) replayed as a live call, its turns sent in order as the speakers finish them, at a
 * multiple of real time, then the call's end; analyzed by the real job with the default chunking
 * and the openai analyzer against the test server. Every prompt token the server billed (chunk
 * analyses, repairs, the final synthesis) divided by the o200k tokens of the transcript's text.
 * Goal: 1.3 or less. Also printed: where the tokens go, per chunk and as shares of the transcript.
 *
 * <p>Arguments: {@code [speed-up]}: 60 replays the hour in a minute; 0 sends every turn at once. Up
 * to about 120 the replay cuts the same chunks as real time would, since no gap between two turns
 * then reaches the chunker's idle gap.
 */
public final class LiveCallTokensBenchmark {

  static final String MEETING = "education_19";
  static final double GOAL = 1.3;

  private LiveCallTokensBenchmark() {}

  public static void main(String[] args) throws Exception {
    double speedUp = args.length > 0 ? Double.parseDouble(args[0]) : 60;
    Meeting meeting = Meetings.load(MEETING);
    TokenCounter counter = TokenCounter.o200k();
    long transcriptTokens =
        meeting.turns().stream().mapToLong(turn -> counter.count(turn.text())).sum();
    ChunkingSettings chunking = ChunkingSettings.defaults();
    try (AnalysisBench bench = AnalysisBench.start();
        OpenAiTestServer llm = OpenAiTestServer.builder().start();
        AnalysisBench.Job job =
            bench.startJob(bench.settings(llm.baseUrl(), chunking, DispatchSettings.defaults()));
        CallWriter writer = bench.writer()) {
      String workspace = "ws-live-" + job.id();
      String call = "call-live-" + job.id();
      replay(writer, workspace, call, meeting, speedUp);
      CallAnalyzed analyzed =
          bench.awaitAnalyzed(List.of(call), Duration.ofMinutes(3)).values().iterator().next();

      List<RecordedRequest> requests = llm.requests();
      PromptTokens chunks = PromptTokens.NONE;
      PromptTokens repairs = PromptTokens.NONE;
      PromptTokens synthesis = PromptTokens.NONE;
      int chunkRequests = 0;
      int repairRequests = 0;
      int synthesisRequests = 0;
      int synthesisLines = 0;
      for (RecordedRequest request : requests) {
        PromptTokens tokens = PromptTokens.of(request);
        if (RequestLog.SYNTHESIS_SCHEMA.equals(request.schemaName())) {
          synthesis = synthesis.plus(tokens);
          synthesisRequests++;
          synthesisLines += PromptTokens.lines(request);
        } else if (request.json().path("messages").size() > 2) {
          repairs = repairs.plus(tokens);
          repairRequests++;
        } else {
          chunks = chunks.plus(tokens);
          chunkRequests++;
        }
      }
      long total = chunks.total() + repairs.total() + synthesis.total();
      long notOk = requests.stream().filter(r -> r.answer() != Fault.OK).count();

      System.out.printf(
          Locale.ROOT,
          "%nLLM input tokens of a live call: %s, %.1f min, %d turns, %d transcript tokens (o200k),"
              + " replayed at %s; default chunking (%d-token budget, %d overlap); call %s%n",
          MEETING,
          meeting.durationMs() / 60_000.0,
          meeting.turns().size(),
          transcriptTokens,
          speedUp > 0 ? String.format(Locale.ROOT, "%.0fx real time", speedUp) : "once",
          chunking.tokenBudget(),
          chunking.overlapTokens(),
          analyzed.status());
      System.out.printf(
          Locale.ROOT,
          "requests: %d chunk analyses, %d repairs, %d synthesis (%d not answered OK)%n",
          chunkRequests,
          repairRequests,
          synthesisRequests,
          notOk);
      System.out.printf(
          Locale.ROOT,
          "LLM input tokens %d ÷ transcript tokens %d = %.3f (goal <= %.1f)%n",
          total,
          transcriptTokens,
          (double) total / transcriptTokens,
          GOAL);
      System.out.printf(
          Locale.ROOT,
          "  of which chunk analyses %.3f, repairs %.3f, synthesis %.3f (%d findings and nodes)%n",
          (double) chunks.total() / transcriptTokens,
          (double) repairs.total() / transcriptTokens,
          (double) synthesis.total() / transcriptTokens,
          synthesisLines);
      int n = Math.max(1, chunkRequests);
      System.out.printf(
          Locale.ROOT,
          "per chunk (%d): %.0f prompt tokens = %.0f transcript lines + %.0f context lines + %.0f"
              + " line markup and framing + %.0f system prompt + %.0f response schema; overhead"
              + " beyond its own lines %.0f tokens%n",
          chunkRequests,
          (double) chunks.total() / n,
          (double) chunks.ownText() / n,
          (double) chunks.contextText() / n,
          (double) chunks.markup() / n,
          (double) chunks.system() / n,
          (double) chunks.schema() / n,
          (double) (chunks.total() - chunks.ownText()) / n);
      System.out.println("÷ transcript tokens:");
      row("  chunks: transcript lines", chunks.ownText(), transcriptTokens);
      row("  chunks: context lines (overlap)", chunks.contextText(), transcriptTokens);
      row("  chunks: line markup and framing", chunks.markup(), transcriptTokens);
      row("  chunks: system prompt", chunks.system(), transcriptTokens);
      row("  chunks: response schema", chunks.schema(), transcriptTokens);
      row("  repairs", repairs.total(), transcriptTokens);
      row(
          String.format(Locale.ROOT, "  synthesis (schema %d)", synthesis.schema()),
          synthesis.total(),
          transcriptTokens);
      row("  all", total, transcriptTokens);
    }
  }

  /**
   * The call as a live source sends it: started, each turn when its speaker finishes it (at {@code
   * speedUp} times real time), ended.
   */
  private static void replay(
      CallWriter writer, String workspace, String call, Meeting meeting, double speedUp)
      throws InterruptedException {
    writer.started(workspace, call, CallStarted.Source.LIVE);
    writer.flush();
    long start = System.nanoTime();
    for (int sequence = 0; sequence < meeting.turns().size(); sequence++) {
      Meeting.Turn turn = meeting.turns().get(sequence);
      if (speedUp > 0) {
        long due = start + (long) (turn.endMs() * 1_000_000 / speedUp);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      writer.segment(workspace, call, sequence, turn);
      writer.flush();
    }
    writer.ended(workspace, call, meeting);
    writer.flush();
  }

  private static void row(String what, long tokens, long transcriptTokens) {
    System.out.printf(
        Locale.ROOT, "%-38s %7d  %6.3f%n", what, tokens, (double) tokens / transcriptTokens);
  }
}
