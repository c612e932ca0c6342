package io.callstream.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.core.event.CallStarted;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.meeting.Meeting;
import io.callstream.embedded.flink.FlinkRunner;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.embedded.kafka.KafkaEndpoint;
import io.callstream.flink.chunk.ChunkingSettings;
import io.callstream.flink.testing.AnalysisRun;
import io.callstream.flink.testing.CallFeed;
import io.callstream.flink.testing.ResultReader;
import io.callstream.flink.testing.TestKeys;
import io.callstream.flink.testing.TestSettings;
import io.callstream.llmtest.Latency;
import io.callstream.llmtest.OpenAiTestServer;
import io.callstream.llmtest.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Workspace A floods the job with 1,000 chunks; workspace B then sends a call of 10. B's chunks
 * must not wait behind A's: the dispatcher takes waiting requests round-robin across workspaces.
 *
 * <p>Time on a shared build machine is noisy, so the check counts requests, not seconds: while B's
 * chunks are being analyzed, A may start about as many requests as B (one each in turn), plus the
 * requests already in flight when B arrived. Alone, B's span holds B's requests only; so with A its
 * span is at most about twice as long. The wall-clock ratio is printed, and measured properly in
 * the bench module.
 */
@ExtendWith(SharedInfrastructure.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AnalysisFairnessIT {

  private static final Duration DEADLINE = Duration.ofMinutes(6);
  private static final TestKeys KEYS = TestKeys.create();
  private static final int CONCURRENCY = 8;

  @Test
  void shouldFinishASmallWorkspacesCallWhileAnotherFloodsTheJob(
      KafkaEndpoint kafka, FlinkRunner flink) throws Exception {
    try (OpenAiTestServer llm =
        OpenAiTestServer.builder().latency(Latency.fixed(Duration.ofMillis(100))).start()) {
      // one segment per chunk: a budget below a segment's tokens, and no overlap
      AnalysisSettings settings =
          TestSettings.openai(KEYS, llm.baseUrl())
              .withDispatch(TestSettings.quickRetries(CONCURRENCY))
              .withChunking(oneSegmentPerChunk());
      try (AnalysisRun run = AnalysisRun.start(flink, kafka, settings);
          CallFeed feed = new CallFeed(kafka, KEYS)) {
        List<String> flood = new ArrayList<>();
        for (int call = 0; call < 10; call++) {
          String callId = "call-a" + call + "-" + run.id();
          flood.add(callId);
          upload(feed, "ws-a-" + run.id(), callId, "alpha", 100);
        }
        awaitRequests(llm, 5 * CONCURRENCY);
        int before = llm.requests().size();
        String small = "call-b-" + run.id();
        upload(feed, "ws-b-" + run.id(), small, "bravo", 10);

        ResultReader.awaitAnalyzed(kafka, KEYS, List.of(small), DEADLINE);
        List<RecordedRequest> requests = llm.requests();
        int first = -1;
        int last = -1;
        int ofB = 0;
        for (int i = before; i < requests.size(); i++) {
          // prompts carry the text, not the segment ids: B's lines name team bravo
          RecordedRequest request = requests.get(i);
          if (request.body().contains("bravo") && !"call_synthesis".equals(request.schemaName())) {
            first = first < 0 ? i : first;
            last = i;
            ofB++;
          }
        }
        int ofAInBetween = (last - first + 1) - ofB;
        System.out.printf(
            "fairness: B's %d chunk requests spanned %d requests, %d of A's, A still had %d calls"
                + " running%n",
            ofB, last - first + 1, ofAInBetween, flood.size());
        assertThat(ofB).as("requests for B's 10 chunks").isGreaterThanOrEqualTo(10);
        assertThat(ofAInBetween)
            .as("A's requests started while B's chunks were analyzed")
            .isLessThanOrEqualTo(ofB + 2 * CONCURRENCY);
        assertThat(requests.size() - before)
            .as("A had work left when B finished: the flood was real")
            .isLessThan(1_000);
      }
    }
  }

  private static ChunkingSettings oneSegmentPerChunk() {
    ChunkingSettings defaults = ChunkingSettings.defaults();
    return new ChunkingSettings(
        8, 0, defaults.idleGap(), defaults.endGrace(), defaults.abandonAfter());
  }

  private static List<TranscriptSegment> upload(
      CallFeed feed, String workspace, String call, String team, int segments) {
    List<Meeting.Turn> turns = new ArrayList<>();
    for (int i = 0; i < segments; i++) {
      String speaker = "spk_" + (i % 2);
      turns.add(
          new Meeting.Turn(
              speaker,
              i * 5_000L,
              i * 5_000L + 4_000,
              "Team " + team + " will review the budget line " + i + " by Friday?"));
    }
    Meeting meeting = new Meeting(call, turns, List.of(), List.of(), List.of());
    feed.send(CallFeed.started(workspace, call, CallStarted.Source.UPLOAD));
    List<TranscriptSegment> sent = feed.segments(workspace, call, meeting);
    sent.forEach(feed::send);
    feed.send(CallFeed.ended(workspace, call, sent));
    feed.flush();
    return sent;
  }

  private static void awaitRequests(OpenAiTestServer llm, int count) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (llm.requests().size() < count && System.nanoTime() - deadline < 0) {
      Thread.sleep(100);
    }
  }
}
