package io.callstream.flink.merge;

import static io.callstream.flink.merge.MergeFixtures.ANALYZER;
import static io.callstream.flink.merge.MergeFixtures.CALL;
import static io.callstream.flink.merge.MergeFixtures.cites;
import static io.callstream.flink.merge.MergeFixtures.emptyLast;
import static io.callstream.flink.merge.MergeFixtures.failed;
import static io.callstream.flink.merge.MergeFixtures.findings;
import static io.callstream.flink.merge.MergeFixtures.ofType;
import static io.callstream.flink.merge.MergeFixtures.point;
import static io.callstream.flink.merge.MergeFixtures.question;
import static io.callstream.flink.merge.MergeFixtures.segment;
import static io.callstream.flink.merge.MergeFixtures.segmentId;
import static io.callstream.flink.merge.MergeFixtures.segments;
import static io.callstream.flink.merge.MergeFixtures.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

import io.callstream.analyzer.ChunkFindings;
import io.callstream.analyzer.Finding;
import io.callstream.analyzer.FindingsJson;
import io.callstream.core.crypto.Field;
import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.EventType;
import io.callstream.core.event.InsightDetected;
import io.callstream.core.event.InsightType;
import io.callstream.core.event.MetricsUpdated;
import io.callstream.core.event.MindmapUpdated;
import io.callstream.core.event.Progress;
import io.callstream.core.event.Usage;
import io.callstream.core.id.Ids;
import io.callstream.core.result.Citation;
import io.callstream.core.result.MindmapNode;
import io.callstream.flink.analyze.ChunkAnalyzed;
import io.callstream.flink.analyze.SegmentFacts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CallMerger} in a keyed operator harness, with real encryption: state and output. */
class CallMergerTest {

  @TempDir Path keys;

  private MergeFixtures fixtures;
  private final List<MergeFixtures.Harness> harnesses = new ArrayList<>();

  @BeforeEach
  void setUp() {
    fixtures = MergeFixtures.in(keys);
  }

  @AfterEach
  void closeHarnesses() throws Exception {
    for (MergeFixtures.Harness harness : harnesses) {
      harness.close();
    }
  }

  @Test
  void shouldDropInventedCitationsAndWhateverIsLeftWithoutAny() throws Exception {
    String invented = "segment-the-model-made-up";
    ChunkAnalyzed chunk =
        fixtures.analyzed(
            0,
            false,
            segments(0, 1),
            findings(
                List.of(
                    topic(
                        "Budget",
                        List.of(segmentId(0), invented),
                        point("Q3 numbers", invented),
                        point("Hiring plan", segmentId(1))),
                    topic("Ghost topic", List.of(invented))),
                new Finding(
                    InsightType.ACTION_ITEM, "Invent things", null, null, List.of(invented)),
                new Finding(
                    InsightType.DECISION,
                    "Freeze hiring",
                    null,
                    null,
                    List.of(segmentId(1), segmentId(9)))));

    MergeFixtures.Harness harness = open().receive(chunk);

    MindmapNode root = fixtures.mindmapOf(single(harness.output(), MindmapUpdated.class));
    assertThat(root.children()).extracting(MindmapNode::label).containsExactly("Budget");
    MindmapNode budget = root.children().get(0);
    assertThat(budget.citations()).extracting(Citation::segmentId).containsExactly(segmentId(0));
    assertThat(budget.children()).extracting(MindmapNode::label).containsExactly("Hiring plan");
    InsightDetected decision = single(harness.output(), InsightDetected.class);
    assertThat(decision.insightType()).isEqualTo(InsightType.DECISION);
    assertThat(decision.citedSegmentIds()).containsExactly(segmentId(1));
    assertThat(harness.counter("citationsDropped")).isEqualTo(5);
    assertThat(harness.counter("ungroundedDropped")).isEqualTo(3);
  }

  @Test
  void shouldGroundInSegmentsOfEarlierChunksButNotOfLaterOnesWhateverArrivesFirst()
      throws Exception {
    ChunkAnalyzed first =
        fixtures.analyzed(0, false, segments(0, 1), findings(List.of(topic("Intro", cites(0)))));
    ChunkAnalyzed second =
        fixtures.analyzed(
            1,
            false,
            segments(2, 3),
            findings(
                List.of(
                    topic("Pricing", cites(1, 2)), // 1 is context, said in the chunk before
                    topic("Roadmap", cites(4))))); // 4 is in the next chunk: not seen by this one
    ChunkAnalyzed third =
        fixtures.analyzed(2, true, segments(4, 5), findings(List.of(topic("Wrap-up", cites(5)))));

    MergeFixtures.Harness harness = open().receive(third, second, first);

    MindmapNode root = lastMindmap(harness.output());
    assertThat(root.children())
        .extracting(MindmapNode::label, node -> ids(node.citations()))
        .containsExactly(
            tuple("Intro", cites(0)), tuple("Pricing", cites(1, 2)), tuple("Wrap-up", cites(5)));
    assertThat(harness.counter("citationsDropped")).isEqualTo(1);
  }

  @Test
  void shouldMergeSimilarTopicsAndKeyPointsKeepingTheirFirstIds() throws Exception {
    ChunkAnalyzed first =
        fixtures.analyzed(
            0,
            false,
            segments(0, 1),
            findings(
                List.of(
                    topic("Budget review", cites(0), point("Marketing spend", segmentId(0))),
                    topic("Hiring", cites(1)))));
    ChunkAnalyzed second =
        fixtures.analyzed(
            1,
            true,
            segments(2, 3),
            findings(
                List.of(
                    topic("The budget", cites(2), point("marketing spending", segmentId(2))),
                    topic("Office move", cites(3)))));

    MergeFixtures.Harness harness = open().receive(first, second);

    List<MindmapUpdated> updates = ofType(harness.output(), MindmapUpdated.class);
    assertThat(updates).extracting(MindmapUpdated::version).containsExactly(1L, 2L);
    MindmapNode before = fixtures.mindmapOf(updates.get(0));
    MindmapNode after = fixtures.mindmapOf(updates.get(1));
    assertThat(after.id()).isEqualTo(before.id()).isEqualTo(MindmapTree.rootId(CALL));
    assertThat(after.label()).isEqualTo("Call");
    assertThat(after.children())
        .extracting(MindmapNode::label)
        .containsExactly("Budget review", "Hiring", "Office move");
    MindmapNode budget = after.children().get(0);
    assertThat(budget.id())
        .isEqualTo(before.children().get(0).id())
        .isEqualTo(Ids.deterministic("node", CALL, "budget review"));
    assertThat(ids(budget.citations())).isEqualTo(cites(0, 2));
    assertThat(budget.children()).hasSize(1);
    assertThat(budget.children().get(0).id())
        .isEqualTo(before.children().get(0).children().get(0).id());
    assertThat(ids(budget.children().get(0).citations())).isEqualTo(cites(0, 2));
    assertThat(budget.citations().get(1)).isEqualTo(new Citation(segmentId(2), 20_000, 29_000));
  }

  @Test
  void shouldKeepTheMostCitedTopicsWhenOverTheBound() throws Exception {
    MergeSettings fewTopics =
        new MergeSettings(0.5, 0.6, 2, 8, MergeSettings.defaults().finishedRetention());
    ChunkAnalyzed chunk =
        fixtures.analyzed(
            0,
            true,
            segments(0, 5),
            findings(
                List.of(
                    topic("Weather", cites(0)),
                    topic("Pricing", cites(1, 2, 3)),
                    topic("Roadmap", cites(4, 5)))));

    MergeFixtures.Harness harness = open(fewTopics).receive(chunk);

    assertThat(lastMindmap(harness.output()).children())
        .extracting(MindmapNode::label)
        .containsExactly("Pricing", "Roadmap");
  }

  @Test
  void shouldMakeTheSameResultsWhateverOrderTheChunksArriveIn() throws Exception {
    List<ChunkAnalyzed> inOrder = fourChunks();
    List<ChunkAnalyzed> reversed = new ArrayList<>(inOrder);
    Collections.reverse(reversed);
    List<ChunkAnalyzed> shuffled =
        List.of(inOrder.get(2), inOrder.get(0), inOrder.get(3), inOrder.get(1));

    Run expected = run(inOrder);

    for (List<ChunkAnalyzed> order : List.of(reversed, shuffled)) {
      Run actual = run(order);
      assertThat(actual.mindmap()).isEqualTo(expected.mindmap());
      assertThat(actual.resultIds()).isEqualTo(expected.resultIds());
      assertThat(actual.insightIds()).isEqualTo(expected.insightIds()).isNotEmpty();
    }
  }

  @Test
  void shouldDeduplicateInsightsAndSendThemAgainWhenTheyGainCitationsOrAnOwner() throws Exception {
    Finding first =
        new Finding(
            InsightType.ACTION_ITEM, "Send the revised budget to finance", null, null, cites(0));
    Finding again =
        new Finding(
            InsightType.ACTION_ITEM, "send revised budget to Finance", "Ana", "Friday", cites(2));
    Finding decision =
        new Finding(
            InsightType.DECISION, "Send the revised budget to finance", null, null, cites(3));
    Finding nothingNew =
        new Finding(
            InsightType.ACTION_ITEM, "Revised budget sent to finance", null, null, cites(2));

    MergeFixtures.Harness harness =
        open()
            .receive(
                fixtures.analyzed(0, false, segments(0, 1), findings(List.of(), first)),
                fixtures.analyzed(1, false, segments(2, 3), findings(List.of(), again, decision)),
                fixtures.analyzed(2, true, segments(4, 4), findings(List.of(), nothingNew)));

    List<InsightDetected> insights = ofType(harness.output(), InsightDetected.class);
    String actionId = InsightSet.insightId(CALL, first);
    assertThat(insights)
        .extracting(InsightDetected::insightId, InsightDetected::insightType)
        .containsExactly(
            tuple(actionId, InsightType.ACTION_ITEM),
            tuple(actionId, InsightType.ACTION_ITEM),
            tuple(InsightSet.insightId(CALL, decision), InsightType.DECISION));
    assertThat(insights).extracting(InsightDetected::eventId).doesNotHaveDuplicates();
    InsightDetected updated = insights.get(1);
    assertThat(updated.citedSegmentIds()).isEqualTo(cites(0, 2));
    assertThat(fixtures.bodyOf(updated).text()).isEqualTo("Send the revised budget to finance");
    assertThat(fixtures.bodyOf(updated).owner()).isEqualTo("Ana");
    assertThat(fixtures.bodyOf(updated).due()).isEqualTo("Friday");
    assertThat(fixtures.bodyOf(insights.get(0)).owner()).isNull();
    ChunkFindings handedOver =
        FindingsJson.read(
            fixtures.cipher.decrypt(
                MergeFixtures.WORKSPACE,
                CALL,
                Field.INSIGHT,
                single(harness.toSynthesize()).findings().bytes()));
    assertThat(handedOver.branches()).isEmpty();
    assertThat(handedOver.findings()).hasSize(2);
  }

  @Test
  void shouldComputeConversationMetricsFromTheSegments() throws Exception {
    // A talks 0-10 s and asks a question 10-25 s; B asks back 26-30 s; A 31-40 s; B 40-60 s.
    List<SegmentFacts> firstHalf =
        List.of(segment(0, "A", 0, 10_000), question(1, "A", 10_000, 25_000));
    List<SegmentFacts> secondHalf =
        List.of(
            question(2, "B", 26_000, 30_000),
            segment(3, "A", 31_000, 40_000),
            segment(4, "B", 40_000, 60_000));

    MergeFixtures.Harness harness =
        open()
            .receive(
                fixtures.analyzed(1, true, secondHalf, findings(List.of())),
                fixtures.analyzed(0, false, firstHalf, findings(List.of())));

    List<MetricsUpdated> metrics = ofType(harness.output(), MetricsUpdated.class);
    assertThat(metrics).hasSize(2);
    MetricsUpdated early = metrics.get(0);
    assertThat(early.talkMsBySpeaker()).isEqualTo(Map.of("A", 25_000L));
    assertThat(early.talkRatio()).isEqualTo(1.0);
    assertThat(early.questions()).isEqualTo(1);
    assertThat(early.speakerSwitchesPerMinute()).isZero();
    MetricsUpdated last = metrics.get(1);
    assertThat(last.talkMsBySpeaker()).isEqualTo(Map.of("A", 34_000L, "B", 24_000L));
    assertThat(last.talkRatio()).isCloseTo(34_000.0 / 58_000, offset(1e-9));
    assertThat(last.longestMonologueMs()).isEqualTo(25_000);
    assertThat(last.questions()).isEqualTo(2);
    assertThat(last.speakerSwitchesPerMinute()).isCloseTo(3.0, offset(1e-9));
    assertThat(last.eventId()).isEqualTo(Ids.deterministic("metrics-updated", CALL, 2));
  }

  @Test
  void shouldReportUsageAndProgressAsChunksArrive() throws Exception {
    ChunkAnalyzed first = fixtures.analyzed(0, false, segments(0, 0), findings(List.of()));
    ChunkAnalyzed last = fixtures.analyzed(2, true, segments(2, 2), findings(List.of()));
    ChunkAnalyzed middle = failed(1, false, segments(1, 1), "timed out");

    MergeFixtures.Harness harness = open().receive(last, first, middle);

    assertThat(ofType(harness.output(), Progress.class))
        .extracting(Progress::stage, Progress::done, Progress::total, Progress::eventId)
        .containsExactly(
            tuple(Progress.Stage.ANALYZED, 1L, 3L, progressId(1)),
            tuple(Progress.Stage.ANALYZED, 2L, 3L, progressId(2)),
            tuple(Progress.Stage.ANALYZED, 3L, 3L, progressId(3)));
    assertThat(ofType(harness.output(), Progress.class).get(2).etaMs()).isZero();
    assertThat(ofType(harness.output(), Usage.class))
        .extracting(Usage::eventId, Usage::inputTokens, Usage::outputTokens, Usage::llmCalls)
        .containsExactly(
            tuple(Ids.deterministic("usage", last.chunkId()), 100L, 20L, 1),
            tuple(Ids.deterministic("usage", first.chunkId()), 100L, 20L, 1));
  }

  @Test
  void shouldHandOverADegradedCallWithTheReasonWhenAChunkFailed() throws Exception {
    MergeFixtures.Harness harness =
        open()
            .receive(
                fixtures.analyzed(
                    0, false, segments(0, 1), findings(List.of(topic("Budget", cites(0))))),
                failed(2, false, segments(4, 5), "rate limited (429) after 5 attempts"),
                failed(1, false, segments(2, 3), "timed out after 30 s"),
                fixtures.analyzed(
                    3, true, segments(6, 7), findings(List.of(topic("Hiring", cites(6))))));

    CallToSynthesize call = single(harness.toSynthesize());
    assertThat(call.status()).isEqualTo(CallAnalyzed.Status.DEGRADED);
    assertThat(call.reason())
        .isEqualTo("2 of 4 chunks could not be analyzed: timed out after 30 s");
    assertThat(call.segments())
        .extracting(SegmentFacts::sequence)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
    assertThat(call.analyzer()).isEqualTo(ANALYZER);
    List<MindmapUpdated> updates = ofType(harness.output(), MindmapUpdated.class);
    assertThat(call.nextMindmapVersion()).isEqualTo(updates.size() + 1L).isEqualTo(3L);
    assertThat(fixtures.readMindmap(call.mindmap()))
        .isEqualTo(fixtures.mindmapOf(updates.get(updates.size() - 1)));
    assertThat(ofType(harness.output(), CallAnalyzed.class))
        .as("synthesis ends the call")
        .isEmpty();
  }

  @Test
  void shouldHandOverACompletedCallEndedByAnEmptyChunk() throws Exception {
    MergeFixtures.Harness harness =
        open()
            .receive(
                fixtures.analyzed(0, false, segments(0, 1), findings(List.of())),
                emptyLast(1, ANALYZER));

    CallToSynthesize call = single(harness.toSynthesize());
    assertThat(call.status()).isEqualTo(CallAnalyzed.Status.COMPLETED);
    assertThat(call.reason()).isNull();
    assertThat(call.nextMindmapVersion()).isEqualTo(1);
    assertThat(fixtures.readMindmap(call.mindmap()))
        .isEqualTo(new MindmapNode(MindmapTree.rootId(CALL), "Call", List.of(), List.of()));
  }

  @Test
  void shouldEndTheCallAsFailedWhenNoChunkCouldBeAnalyzed() throws Exception {
    MergeFixtures.Harness harness =
        open()
            .receive(
                failed(1, true, segments(2, 3), "the provider answered 500"),
                failed(0, false, segments(0, 1), "timed out after 30 s"));

    CallAnalyzed analyzed = single(harness.output(), CallAnalyzed.class);
    assertThat(analyzed.status()).isEqualTo(CallAnalyzed.Status.FAILED);
    assertThat(analyzed.reason())
        .isEqualTo("no chunk could be analyzed (2 failed): timed out after 30 s");
    assertThat(analyzed.analyzer()).isEqualTo(ANALYZER);
    assertThat(analyzed.eventId()).isEqualTo(Ids.deterministic("call-analyzed", CALL));
    assertThat(harness.toSynthesize()).isEmpty();
  }

  @Test
  void shouldEndACallWithoutSegmentsAsEmptyCreditedToTheChunksAnalyzer() throws Exception {
    MergeFixtures.Harness harness = open().receive(emptyLast(0, "openai"));

    assertThat(harness.output())
        .extracting(CallstreamEvent::type)
        .containsExactly(EventType.PROGRESS, EventType.CALL_ANALYZED);
    CallAnalyzed analyzed = single(harness.output(), CallAnalyzed.class);
    assertThat(analyzed.status()).isEqualTo(CallAnalyzed.Status.EMPTY);
    assertThat(analyzed.analyzer()).isEqualTo("openai");
    assertThat(harness.toSynthesize()).isEmpty();
  }

  @Test
  void shouldClearTheCallButAFinishedMarkerAndIgnoreAReplayedChunk() throws Exception {
    ChunkAnalyzed first =
        fixtures.analyzed(0, false, segments(0, 1), findings(List.of(topic("Budget", cites(0)))));
    ChunkAnalyzed last = fixtures.analyzed(1, true, segments(2, 3), findings(List.of()));
    MergeFixtures.Harness harness = open().receive(first);
    assertThat(harness.operator().numKeyedStateEntries()).isGreaterThan(1);

    harness.receive(last);
    int outputs = harness.output().size();
    harness.receive(first, last);

    assertThat(harness.operator().numKeyedStateEntries()).as("the finished marker").isEqualTo(1);
    assertThat(harness.output()).hasSize(outputs);
    assertThat(harness.toSynthesize()).hasSize(1);
    assertThat(harness.counter("duplicateChunksIgnored")).isEqualTo(2);
    assertThat(harness.operator().numProcessingTimeTimers()).isZero();
  }

  @Test
  void shouldIgnoreAChunkIndexSeenBefore() throws Exception {
    ChunkAnalyzed waiting =
        fixtures.analyzed(1, false, segments(2, 3), findings(List.of(topic("Hiring", cites(2)))));
    ChunkAnalyzed merged =
        fixtures.analyzed(0, false, segments(0, 1), findings(List.of(topic("Budget", cites(0)))));
    MergeFixtures.Harness harness = open().receive(waiting, waiting);
    assertThat(harness.output()).extracting(CallstreamEvent::type).hasSize(2); // usage, progress

    harness.receive(merged, merged, waiting);

    assertThat(ofType(harness.output(), Progress.class))
        .extracting(Progress::done)
        .containsExactly(1L, 2L);
    assertThat(harness.counter("duplicateChunksIgnored")).isEqualTo(3);
  }

  @Test
  void shouldGoOnAfterRestoreAsAnUninterruptedRunDoes() throws Exception {
    List<ChunkAnalyzed> chunks = fourChunks();
    Run uninterrupted = run(List.of(chunks.get(1), chunks.get(0), chunks.get(3), chunks.get(2)));

    MergeFixtures.Harness before = open().receive(chunks.get(1), chunks.get(0), chunks.get(3));
    OperatorSubtaskState snapshot = before.operator().snapshot(1L, 1L);
    List<CallstreamEvent> early = new ArrayList<>(before.output());
    MergeFixtures.Harness after = fixtures.harness(MergeSettings.defaults());
    harnesses.add(after);
    after.operator().initializeState(snapshot);
    after.open().receive(chunks.get(2));

    List<CallstreamEvent> all = new ArrayList<>(early);
    all.addAll(after.output());
    assertThat(resultIds(all)).isEqualTo(uninterrupted.resultIds());
    assertThat(fixtures.readMindmap(single(after.toSynthesize()).mindmap()))
        .isEqualTo(uninterrupted.mindmap());
  }

  @Test
  void shouldKeepStateAndHandOverAsPojosNotKryo() {
    for (Class<?> type :
        List.of(
            CallMergeState.class,
            ChunkAnalyzed.class,
            SegmentFacts.class,
            CallToSynthesize.class)) {
      assertThat(TypeInformation.of(type))
          .as(type.getSimpleName())
          .isInstanceOf(PojoTypeInfo.class);
    }
  }

  private List<ChunkAnalyzed> fourChunks() {
    return List.of(
        fixtures.analyzed(
            0,
            false,
            segments(0, 2),
            findings(
                List.of(
                    topic("Budget review", cites(0, 1), point("Marketing spend", segmentId(1))),
                    topic("Hiring", cites(2))),
                new Finding(
                    InsightType.ACTION_ITEM, "Send the budget to finance", null, null, cites(1)))),
        fixtures.analyzed(
            1,
            false,
            segments(3, 5),
            findings(
                List.of(
                    topic("Budget", cites(2, 3), point("Marketing spending", segmentId(3))),
                    topic("Office move", cites(4, 5))),
                new Finding(
                    InsightType.ACTION_ITEM, "send budget to finance", "Ana", null, cites(3)),
                new Finding(InsightType.RISK, "The move may slip", null, null, cites(5)))),
        fixtures.analyzed(
            2,
            false,
            segments(6, 8),
            findings(
                List.of(topic("Hiring plan", cites(6)), topic("Office relocation", cites(7, 8))),
                new Finding(InsightType.DECISION, "Hire two engineers", null, null, cites(6)))),
        fixtures.analyzed(
            3,
            true,
            segments(9, 10),
            findings(
                List.of(topic("Next steps", cites(9, 10))),
                new Finding(
                    InsightType.NEXT_STEP, "Meet again on Monday", null, "Monday", cites(10)))));
  }

  /** What a run over some chunks made that must not depend on their order. */
  private record Run(MindmapNode mindmap, List<String> resultIds, List<String> insightIds) {}

  private Run run(List<ChunkAnalyzed> chunks) throws Exception {
    MergeFixtures.Harness harness = open().receive(chunks.toArray(ChunkAnalyzed[]::new));
    List<CallstreamEvent> output = harness.output();
    return new Run(
        fixtures.readMindmap(single(harness.toSynthesize()).mindmap()),
        resultIds(output),
        ofType(output, InsightDetected.class).stream()
            .map(InsightDetected::insightId)
            .distinct()
            .toList());
  }

  /** Ids of the result events (not progress or usage, which follow arrival), in order. */
  private static List<String> resultIds(List<CallstreamEvent> events) {
    return events.stream()
        .filter(event -> !(event instanceof Progress) && !(event instanceof Usage))
        .map(CallstreamEvent::eventId)
        .toList();
  }

  private MergeFixtures.Harness open() throws Exception {
    return open(MergeSettings.defaults());
  }

  private MergeFixtures.Harness open(MergeSettings settings) throws Exception {
    MergeFixtures.Harness harness = fixtures.harness(settings);
    harnesses.add(harness);
    return harness.open();
  }

  private MindmapNode lastMindmap(List<CallstreamEvent> output) {
    List<MindmapUpdated> updates = ofType(output, MindmapUpdated.class);
    assertThat(updates).isNotEmpty();
    return fixtures.mindmapOf(updates.get(updates.size() - 1));
  }

  private static List<String> ids(List<Citation> citations) {
    return citations.stream().map(Citation::segmentId).toList();
  }

  private static String progressId(long done) {
    return Ids.deterministic("progress", CALL, "ANALYZED", done);
  }

  private static <T extends CallstreamEvent> T single(List<CallstreamEvent> events, Class<T> type) {
    List<T> matching = ofType(events, type);
    assertThat(matching).as(type.getSimpleName()).hasSize(1);
    return matching.get(0);
  }

  private static <T> T single(List<T> values) {
    assertThat(values).hasSize(1);
    return values.get(0);
  }
}
