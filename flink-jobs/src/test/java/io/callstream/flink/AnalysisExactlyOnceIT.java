package io.callstream.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.InsightDetected;
import io.callstream.core.event.MetricsUpdated;
import io.callstream.core.event.MindmapUpdated;
import io.callstream.core.event.SummaryUpdated;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.meeting.Meeting;
import io.callstream.core.meeting.Meetings;
import io.callstream.core.result.MindmapNode;
import io.callstream.embedded.flink.EmbeddedFlink;
import io.callstream.embedded.flink.FlinkRunner;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.embedded.kafka.KafkaEndpoint;
import io.callstream.flink.chunk.ChunkingSettings;
import io.callstream.flink.testing.AnalysisRun;
import io.callstream.flink.testing.CallFeed;
import io.callstream.flink.testing.CallResults;
import io.callstream.flink.testing.ResultReader;
import io.callstream.flink.testing.TestKeys;
import io.callstream.flink.testing.TestSettings;
import io.callstream.llmtest.Latency;
import io.callstream.llmtest.OpenAiTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The job loses its TaskManager in the middle of a call, after checkpoints have committed some
 * results, and recovers from the last checkpoint. What a {@code read_committed} consumer sees must
 * equal what a clean run of the same call gives: nothing twice, nothing missing.
 *
 * <p>Requests go out one at a time, so the order of results is the order of the chunks and the two
 * runs can be compared event by event, after translating ids (they derive from the call id).
 */
@ExtendWith(SharedInfrastructure.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AnalysisExactlyOnceIT {

  private static final Duration DEADLINE = Duration.ofMinutes(5);
  private static final TestKeys KEYS = TestKeys.create();

  @Test
  void shouldCommitTheSameResultsAsACleanRunAfterAFailureMidCall(
      KafkaEndpoint kafka, FlinkRunner flink) throws Exception {
    if (!(flink instanceof EmbeddedFlink embedded)) {
      fail("this test kills a TaskManager of the embedded MiniCluster; got %s", flink);
      return;
    }
    Meeting meeting = Meetings.load("education_19");
    try (OpenAiTestServer llm =
        OpenAiTestServer.builder().latency(Latency.fixed(Duration.ofMillis(800))).start()) {
      // ~20 chunks, asked one at a time: the call runs over several checkpoints
      AnalysisSettings settings =
          TestSettings.openai(KEYS, llm.baseUrl())
              .withDispatch(TestSettings.quickRetries(1))
              .withChunking(ChunkingSettings.defaults().withTokens(500, 60));

      List<String> clean = runCleanly(flink, kafka, settings, meeting);
      List<String> recovered =
          runWithFailure(embedded.miniCluster(), flink, kafka, settings, meeting);

      assertThat(recovered).containsExactlyElementsOf(clean);
    }
  }

  private static List<String> runCleanly(
      FlinkRunner flink, KafkaEndpoint kafka, AnalysisSettings settings, Meeting meeting)
      throws Exception {
    try (AnalysisRun run = AnalysisRun.start(flink, kafka, settings);
        CallFeed feed = new CallFeed(kafka, KEYS)) {
      String call = "call-clean-" + run.id();
      List<TranscriptSegment> segments = feed.upload("ws-" + run.id(), call, meeting);
      CallResults results =
          ResultReader.awaitAnalyzed(kafka, KEYS, List.of(call), DEADLINE).get(call);
      return normalized(results, segments);
    }
  }

  private static List<String> runWithFailure(
      MiniCluster cluster,
      FlinkRunner flink,
      KafkaEndpoint kafka,
      AnalysisSettings settings,
      Meeting meeting)
      throws Exception {
    try (AnalysisRun run = AnalysisRun.start(flink, kafka, settings);
        CallFeed feed = new CallFeed(kafka, KEYS)) {
      String call = "call-failed-" + run.id();
      List<TranscriptSegment> segments = feed.upload("ws-" + run.id(), call, meeting);
      awaitCommittedMindmaps(kafka, call, 2);
      cluster.terminateTaskManager(0).get(1, TimeUnit.MINUTES);
      cluster.startTaskManager();
      CallResults results =
          ResultReader.awaitAnalyzed(kafka, KEYS, List.of(call), DEADLINE).get(call);
      results.assertNoDuplicates();
      return normalized(results, segments);
    }
  }

  /** Waits until a checkpoint has committed some of the call's results, but not all. */
  private static void awaitCommittedMindmaps(KafkaEndpoint kafka, String call, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (ResultReader.committed(kafka, KEYS, call).of(MindmapUpdated.class).size() < count) {
      if (System.nanoTime() - deadline > 0) {
        fail("no %d committed mindmaps of %s within %s", count, call, DEADLINE);
      }
      Thread.sleep(500);
    }
    assertThat(ResultReader.committed(kafka, KEYS, call).analyzed())
        .as("the call must still be running when the TaskManager dies")
        .isEmpty();
  }

  /**
   * The call's results as comparable lines: ids that derive from the call id are replaced by
   * segment sequence numbers or positions; times and ciphertexts (random nonces) are left out.
   */
  private static List<String> normalized(CallResults results, List<TranscriptSegment> segments) {
    Map<String, Long> sequenceOf =
        segments.stream()
            .collect(Collectors.toMap(TranscriptSegment::segmentId, TranscriptSegment::sequence));
    Map<String, Integer> insightNumber = new HashMap<>();
    List<String> lines = new ArrayList<>();
    for (CallstreamEvent event : results.events()) {
      lines.add(line(event, results, sequenceOf, insightNumber));
    }
    return lines;
  }

  private static String line(
      CallstreamEvent event,
      CallResults results,
      Map<String, Long> sequenceOf,
      Map<String, Integer> insightNumber) {
    if (event instanceof MindmapUpdated m) {
      return "mindmap v" + m.version() + " " + tree(results.mindmapAt(m.version()), sequenceOf);
    }
    if (event instanceof InsightDetected i) {
      return "insight #"
          + insightNumber.computeIfAbsent(i.insightId(), id -> insightNumber.size())
          + " "
          + i.insightType()
          + " "
          + results.insightBody(i)
          + " "
          + i.citedSegmentIds().stream().map(sequenceOf::get).toList();
    }
    if (event instanceof MetricsUpdated m) {
      return "metrics "
          + m.talkMsBySpeaker()
          + " "
          + m.longestMonologueMs()
          + " "
          + m.questions()
          + " "
          + m.speakerSwitchesPerMinute();
    }
    if (event instanceof SummaryUpdated s) {
      return "summary v"
          + s.version()
          + " "
          + results.summary().orElseThrow()
          + " "
          + s.citedSegmentIds().stream().map(sequenceOf::get).toList();
    }
    if (event instanceof CallAnalyzed a) {
      return "analyzed " + a.status() + " " + a.reason();
    }
    return event.type().toString();
  }

  private static String tree(MindmapNode node, Map<String, Long> sequenceOf) {
    return node.label()
        + node.citations().stream().map(c -> sequenceOf.get(c.segmentId())).toList()
        + node.children().stream().map(child -> tree(child, sequenceOf)).toList();
  }
}
