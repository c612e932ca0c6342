package io.callstream.flink.merge;

import static io.callstream.flink.merge.MergeFixtures.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.analyzer.Branch;
import io.callstream.analyzer.ChunkFindings;
import io.callstream.analyzer.Finding;
import io.callstream.analyzer.TokenUsage;
import io.callstream.core.event.CallAnalyzed;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.InsightDetected;
import io.callstream.core.event.InsightType;
import io.callstream.core.event.MetricsUpdated;
import io.callstream.core.event.MindmapUpdated;
import io.callstream.core.meeting.Meeting;
import io.callstream.core.meeting.Meetings;
import io.callstream.core.result.Citation;
import io.callstream.core.result.MindmapNode;
import io.callstream.flink.analyze.ChunkAnalyzed;
import io.callstream.flink.analyze.SegmentFacts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real meetings, cut into chunks whose findings cite the meeting's lines the way an analyzer does:
 * its own lines, context lines of the chunk before, now and then a line it never saw or one that
 * does not exist. Whatever the arrival order, everything emitted cites existing segments.
 */
class MeetingMergeTest {

  private static final int TURNS_PER_CHUNK = 10;
  private static final int CONTEXT_TURNS = 2;

  @TempDir Path keys;

  private final List<MergeFixtures.Harness> harnesses = new ArrayList<>();

  @ParameterizedTest
  @MethodSource("meetings")
  void shouldEmitOnlyNodesAndInsightsThatCiteExistingSegments(String name) throws Exception {
    MergeFixtures fixtures = MergeFixtures.in(keys);
    Meeting meeting = Meetings.load(name);
    List<SegmentFacts> facts = facts(meeting);
    Map<String, SegmentFacts> byId =
        facts.stream().collect(Collectors.toMap(SegmentFacts::segmentId, Function.identity()));
    Chunks chunks = chunks(fixtures, meeting, facts);
    List<ChunkAnalyzed> shuffled = new ArrayList<>(chunks.all());
    Collections.shuffle(shuffled, new Random(name.hashCode()));

    MergeFixtures.Harness harness = open(fixtures);
    harness.receive(shuffled.toArray(ChunkAnalyzed[]::new));
    List<CallstreamEvent> output = harness.output();

    List<MindmapUpdated> updates = ofType(output, MindmapUpdated.class);
    assertThat(updates).isNotEmpty();
    for (MindmapUpdated update : updates) {
      MindmapNode root = fixtures.mindmapOf(update);
      assertThat(root.children()).hasSizeLessThanOrEqualTo(MergeSettings.defaults().maxTopics());
      assertThat(MergeFixtures.nodes(root).skip(1))
          .allSatisfy(node -> assertThat(node.citations()).isNotEmpty())
          .allSatisfy(
              node ->
                  assertThat(node.citations())
                      .allSatisfy(citation -> assertThat(isTheSegment(citation, byId)).isTrue()));
      assertThat(MergeFixtures.nodes(root).map(MindmapNode::id)).doesNotHaveDuplicates();
      assertThat(root.children())
          .allSatisfy(
              topic ->
                  assertThat(topic.children())
                      .hasSizeLessThanOrEqualTo(MergeSettings.defaults().maxKeyPoints()));
    }
    List<InsightDetected> insights = ofType(output, InsightDetected.class);
    assertThat(insights).isNotEmpty();
    assertThat(insights)
        .allSatisfy(insight -> assertThat(byId.keySet()).containsAll(insight.citedSegmentIds()));
    assertThat(harness.counter("citationsDropped")).isEqualTo(chunks.inventedCitations());

    CallToSynthesize call = harness.toSynthesize().get(0);
    assertThat(call.status()).isEqualTo(CallAnalyzed.Status.COMPLETED);
    assertThat(call.segments()).isEqualTo(facts);
    MetricsUpdated metrics = ofType(output, MetricsUpdated.class).get(chunks.all().size() - 1);
    assertThat(metrics.questions())
        .isEqualTo(facts.stream().filter(SegmentFacts::question).count());
    assertThat(metrics.talkMsBySpeaker().keySet())
        .isEqualTo(meeting.turns().stream().map(Meeting.Turn::speaker).collect(Collectors.toSet()));

    MergeFixtures.Harness inOrder = open(fixtures);
    inOrder.receive(chunks.all().toArray(ChunkAnalyzed[]::new));
    assertThat(fixtures.readMindmap(inOrder.toSynthesize().get(0).mindmap()))
        .isEqualTo(fixtures.readMindmap(call.mindmap()));
  }

  @AfterEach
  void closeHarnesses() throws Exception {
    for (MergeFixtures.Harness harness : harnesses) {
      harness.close();
    }
  }

  private MergeFixtures.Harness open(MergeFixtures fixtures) throws Exception {
    MergeFixtures.Harness harness = fixtures.harness(MergeSettings.defaults());
    harnesses.add(harness);
    return harness.open();
  }

  static List<String> meetings() {
    return Meetings.WITH_TOPICS;
  }

  private static boolean isTheSegment(Citation citation, Map<String, SegmentFacts> byId) {
    SegmentFacts facts = byId.get(citation.segmentId());
    return facts != null
        && facts.startMs() == citation.startMs()
        && facts.endMs() == citation.endMs();
  }

  private static List<SegmentFacts> facts(Meeting meeting) {
    List<SegmentFacts> facts = new ArrayList<>();
    for (int i = 0; i < meeting.turns().size(); i++) {
      Meeting.Turn turn = meeting.turns().get(i);
      facts.add(
          new SegmentFacts(
              MergeFixtures.segmentId(i),
              i,
              turn.speaker(),
              turn.startMs(),
              turn.endMs(),
              turn.text().strip().endsWith("?")));
    }
    return facts;
  }

  /** The chunks of a meeting and the number of citations in them that must be dropped. */
  private record Chunks(List<ChunkAnalyzed> all, long inventedCitations) {}

  private static Chunks chunks(MergeFixtures fixtures, Meeting meeting, List<SegmentFacts> facts) {
    List<ChunkAnalyzed> chunks = new ArrayList<>();
    long invented = 0;
    int count = (facts.size() + TURNS_PER_CHUNK - 1) / TURNS_PER_CHUNK;
    for (int index = 0; index < count; index++) {
      int from = index * TURNS_PER_CHUNK;
      int to = Math.min(facts.size(), from + TURNS_PER_CHUNK); // exclusive
      int seenFrom = Math.max(0, from - CONTEXT_TURNS);
      List<Branch> branches = new ArrayList<>();
      for (Meeting.TopicSpan span : meeting.topics()) {
        int first = Math.max(seenFrom, span.firstTurn());
        int last = Math.min(to - 1, span.lastTurn());
        if (first > last) {
          continue;
        }
        List<String> cited = new ArrayList<>();
        List<Branch> keyPoints = new ArrayList<>();
        for (int turn = first; turn <= last && cited.size() < 4; turn++) {
          cited.add(facts.get(turn).segmentId());
          String label = keyWords(meeting.turns().get(turn).text());
          if (!label.isBlank()) {
            keyPoints.add(new Branch(label, List.of(facts.get(turn).segmentId()), List.of()));
          }
        }
        // the model cites a line it was never shown, and one that does not exist
        if (to < facts.size()) {
          cited.add(facts.get(to).segmentId());
          invented++;
        }
        cited.add("made-up-" + index);
        invented++;
        branches.add(new Branch(span.topic(), cited, keyPoints));
      }
      branches.add(
          new Branch("A topic nobody raised", List.of("made-up-topic-" + index), List.of()));
      invented++;
      List<Finding> findings = new ArrayList<>();
      for (int turn = from; turn < to; turn++) {
        String text = meeting.turns().get(turn).text();
        String segmentId = facts.get(turn).segmentId();
        if (facts.get(turn).question()) {
          findings.add(
              new Finding(InsightType.OPEN_QUESTION, clip(text), null, null, List.of(segmentId)));
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("we should") || lower.contains("we need") || lower.contains("we'll")) {
          findings.add(
              new Finding(
                  InsightType.ACTION_ITEM,
                  clip(text),
                  meeting.turns().get(turn).speaker(),
                  null,
                  List.of(segmentId, "made-up-action-" + turn)));
          invented++;
        }
      }
      chunks.add(
          fixtures.analyzed(
              index,
              index == count - 1,
              facts.subList(from, to),
              new ChunkFindings(branches, findings, new TokenUsage(1_000, 200, 1))));
    }
    return new Chunks(chunks, invented);
  }

  /** The first four words of at least four letters, as a key point label. */
  private static String keyWords(String text) {
    return Arrays.stream(text.split("[^\\p{L}]+"))
        .filter(word -> word.length() >= 4)
        .limit(4)
        .collect(Collectors.joining(" "));
  }

  private static String clip(String text) {
    return text.length() <= 120 ? text : text.substring(0, 120);
  }
}
