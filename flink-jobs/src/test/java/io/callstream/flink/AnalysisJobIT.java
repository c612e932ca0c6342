package io.callstream.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.event.CallStarted;
import io.callstream.core.event.InsightDetected;
import io.callstream.core.event.MetricsUpdated;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.core.event.Usage;
import io.callstream.core.meeting.Meeting;
import io.callstream.core.meeting.Meetings;
import io.callstream.core.result.MindmapNode;
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
import io.callstream.llmtest.Fault;
import io.callstream.llmtest.Faults;
import io.callstream.llmtest.OpenAiTestServer;
import io.callstream.llmtest.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The analysis job between the shared Kafka broker and Flink MiniCluster, on real meetings, with
 * the local analyzer and with the OpenAI protocol against the test server.
 */
@ExtendWith(SharedInfrastructure.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AnalysisJobIT {

  /** Generous: the build machines are small and shared, and a slow machine is not a failure. */
  private static final Duration DEADLINE = Duration.ofMinutes(4);

  private static final TestKeys KEYS = TestKeys.create();

  @Test
  void shouldGroundEveryResultOfARealMeetingAnalyzedOverTheOpenAiProtocol(
      KafkaEndpoint kafka, FlinkRunner flink) throws Exception {
    Meeting meeting = Meetings.load("education_19");
    try (OpenAiTestServer llm =
            OpenAiTestServer.builder().hallucinatedCitationRate(0.3).seed(19).start();
        AnalysisRun run =
            AnalysisRun.start(flink, kafka, TestSettings.openai(KEYS, llm.baseUrl()));
        CallFeed feed = new CallFeed(kafka, KEYS)) {
      String workspace = "ws-" + run.id();
      String call = "call-education-" + run.id();
      List<TranscriptSegment> segments = feed.upload(workspace, call, meeting);

      CallResults results =
          ResultReader.awaitAnalyzed(kafka, KEYS, List.of(call), DEADLINE).get(call);

      assertThat(results.analyzed().orElseThrow().status())
          .isEqualTo(CallAnalyzed.Status.COMPLETED);
      assertThat(results.analyzed().orElseThrow().analyzer()).isEqualTo("openai");
      assertGrounded(results, segments);
      assertThat(llm.requests().stream().filter(RecordedRequest::hallucinatedCitation).count())
          .as("citations of segments the prompt did not have, which grounding must remove")
          .isPositive();
      assertThat(results.summary()).hasValueSatisfying(s -> assertThat(s).isNotBlank());
      assertThat(results.mindmap().children()).isNotEmpty();
      assertMetricsOf(results, meeting);
      assertThat(results.of(Usage.class)).isEmpty(); // usage has a topic of its own
      results.assertNoDuplicates();
    }
  }

  @Test
  void shouldAnalyzeEveryRealMeetingWithTheLocalAnalyzer(KafkaEndpoint kafka, FlinkRunner flink)
      throws Exception {
    try (AnalysisRun run = AnalysisRun.start(flink, kafka, TestSettings.local(KEYS));
        CallFeed feed = new CallFeed(kafka, KEYS)) {
      Map<String, List<TranscriptSegment>> segmentsOfCall = new HashMap<>();
      for (String name : Meetings.NAMES) {
        String call = "call-" + name.replace('.', '-') + "-" + run.id();
        segmentsOfCall.put(call, feed.upload("ws-local-" + run.id(), call, Meetings.load(name)));
      }

      Map<String, CallResults> results =
          ResultReader.awaitAnalyzed(kafka, KEYS, segmentsOfCall.keySet(), DEADLINE);

      results.forEach(
          (call, result) -> {
            assertThat(result.analyzed().orElseThrow().status())
                .as(call)
                .isEqualTo(CallAnalyzed.Status.COMPLETED);
            assertThat(result.analyzed().orElseThrow().analyzer()).isEqualTo("local");
            assertGrounded(result, segmentsOfCall.get(call));
            assertThat(result.mindmap().children()).as(call).isNotEmpty();
            result.assertNoDuplicates();
          });
    }
  }

  @Test
  void shouldEndACallWithoutSegmentsAsEmpty(KafkaEndpoint kafka, FlinkRunner flink)
      throws Exception {
    try (AnalysisRun run = AnalysisRun.start(flink, kafka, TestSettings.local(KEYS));
        CallFeed feed = new CallFeed(kafka, KEYS)) {
      String workspace = "ws-" + run.id();
      String call = "call-silent-" + run.id();
      feed.send(CallFeed.started(workspace, call, CallStarted.Source.LIVE));
      feed.send(CallFeed.ended(workspace, call, List.of()));
      feed.flush();

      CallResults results =
          ResultReader.awaitAnalyzed(kafka, KEYS, List.of(call), DEADLINE).get(call);

      assertThat(results.analyzed().orElseThrow().status()).isEqualTo(CallAnalyzed.Status.EMPTY);
      assertThat(results.of(InsightDetected.class)).isEmpty();
    }
  }

  @Test
  void shouldBringEveryCallToAnEndUnderAFaultMix(KafkaEndpoint kafka, FlinkRunner flink)
      throws Exception {
    try (OpenAiTestServer llm =
            OpenAiTestServer.builder()
                .faults(Faults.of(0.20, 0.05, 0.02, 0.05))
                .seed(2026)
                .start();
        AnalysisRun run =
            AnalysisRun.start(
                flink,
                kafka,
                TestSettings.openai(KEYS, llm.baseUrl())
                    .withChunking(ChunkingSettings.defaults().withTokens(300, 30)));
        CallFeed feed = new CallFeed(kafka, KEYS)) {
      // small chunks: some hundred requests, so that every fault kind comes up
      Map<String, List<TranscriptSegment>> segmentsOfCall = new HashMap<>();
      for (String name : Meetings.NAMES) {
        String call = "call-faults-" + name.replace('.', '-') + "-" + run.id();
        segmentsOfCall.put(call, feed.upload("ws-faults-" + run.id(), call, Meetings.load(name)));
      }

      Map<String, CallResults> results =
          ResultReader.awaitAnalyzed(kafka, KEYS, segmentsOfCall.keySet(), DEADLINE);

      List<CallAnalyzed.Status> statuses = new ArrayList<>();
      results.forEach(
          (call, result) -> {
            CallAnalyzed analyzed = result.analyzed().orElseThrow();
            statuses.add(analyzed.status());
            assertThat(analyzed.status())
                .as(call)
                .isIn(CallAnalyzed.Status.COMPLETED, CallAnalyzed.Status.DEGRADED);
            if (analyzed.status() == CallAnalyzed.Status.DEGRADED) {
              assertThat(analyzed.reason()).as("reason of degraded %s", call).isNotBlank();
            }
            assertGrounded(result, segmentsOfCall.get(call));
            result.assertNoDuplicates();
          });
      Map<Fault, Long> answers =
          llm.requests().stream()
              .collect(Collectors.groupingBy(RecordedRequest::answer, Collectors.counting()));
      System.out.printf("fault mix: %s; server answers %s%n", statuses, answers);
      assertThat(answers.keySet())
          .as("fault kinds the server answered with")
          .contains(Fault.OK, Fault.RATE_LIMITED, Fault.SERVER_ERROR, Fault.MALFORMED);
    }
  }

  /** 100% of nodes and insights cite segments of the call, and none is left without a citation. */
  private static void assertGrounded(CallResults results, List<TranscriptSegment> segments) {
    Set<String> ids =
        segments.stream().map(TranscriptSegment::segmentId).collect(Collectors.toSet());
    assertThat(results.citedSegmentIds())
        .isNotEmpty()
        .allSatisfy(id -> assertThat(ids).contains(id));
    MindmapNode root = results.mindmap();
    CallResults.nodes(root)
        .filter(node -> node != root)
        .forEach(node -> assertThat(node.citations()).as(node.label()).isNotEmpty());
    results
        .of(InsightDetected.class)
        .forEach(insight -> assertThat(insight.citedSegmentIds()).isNotEmpty());
  }

  /** Talk time per speaker is the sum of their turns, computed without an LLM. */
  private static void assertMetricsOf(CallResults results, Meeting meeting) {
    Map<String, Long> talk = new HashMap<>();
    meeting.turns().forEach(t -> talk.merge(t.speaker(), t.endMs() - t.startMs(), Long::sum));
    MetricsUpdated metrics = results.metrics().orElseThrow();
    assertThat(metrics.talkMsBySpeaker()).isEqualTo(talk);
    long top = talk.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    long total = talk.values().stream().mapToLong(Long::longValue).sum();
    assertThat(metrics.talkRatio()).isCloseTo((double) top / total, Offset.offset(1e-9));
  }
}
