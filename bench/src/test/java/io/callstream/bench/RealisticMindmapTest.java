package io.callstream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.core.meeting.Meeting;
import io.callstream.core.meeting.Meetings;
import io.callstream.core.result.Citation;
import io.callstream.core.result.MindmapNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RealisticMindmapTest {

  private static final Meeting MEETING = Meetings.load("education_19");
  private static final String CALL = "call-1";

  @Test
  void shouldBuildTheTopicsAndKeyPointsAskedFor() {
    MindmapNode root = RealisticMindmap.of(MEETING, CALL, 8, 6);

    assertThat(root.label()).isEqualTo(RealisticMindmap.ROOT_LABEL);
    assertThat(root.children()).hasSize(8);
    assertThat(root.children()).allSatisfy(topic -> assertThat(topic.children()).hasSize(6));
    assertThat(root.size()).isEqualTo(1 + 8 + 8 * 6);
  }

  @Test
  void shouldCiteRealTurnsWithTheirTimesAndSegmentIds() {
    MindmapNode root = RealisticMindmap.of(MEETING, CALL, 8, 6);

    List<Citation> cited = keyPoints(root).flatMap(node -> node.citations().stream()).toList();

    assertThat(keyPoints(root))
        .allSatisfy(
            node ->
                assertThat(node.citations())
                    .hasSizeBetween(1, RealisticMindmap.CITATIONS_PER_KEY_POINT));
    for (Citation citation : cited) {
      int turn = turnOf(citation.segmentId());
      assertThat(citation.startMs()).isEqualTo(MEETING.turns().get(turn).startMs());
      assertThat(citation.endMs()).isEqualTo(MEETING.turns().get(turn).endMs());
    }
  }

  @Test
  void shouldCiteEveryTurnOnceInCallOrderWhenKeyPointsSpanFewTurns() {
    MindmapNode root = RealisticMindmap.of(MEETING, CALL, 8, 6);

    List<Long> starts =
        keyPoints(root).flatMap(node -> node.citations().stream()).map(Citation::startMs).toList();

    // 121 turns in 48 key points: 2 or 3 turns each, all of them cited
    assertThat(starts).isSorted().hasSize(MEETING.turns().size());
    assertThat(starts.get(0)).isZero();
  }

  @Test
  void shouldLabelTopicsWithTheMeetingsReferenceTopics() {
    MindmapNode root = RealisticMindmap.of(MEETING, CALL, 8, 6);

    assertThat(root.children().get(0).label())
        .isEqualTo(firstWords(MEETING.topics().get(0).topic()));
    assertThat(root.children())
        .allSatisfy(
            topic ->
                assertThat(topic.label().split(" "))
                    .hasSizeLessThanOrEqualTo(RealisticMindmap.LABEL_WORDS));
  }

  @Test
  void shouldGiveEveryNodeItsOwnId() {
    MindmapNode root = RealisticMindmap.of(MEETING, CALL, 8, 6);

    List<String> ids = new ArrayList<>();
    collectIds(root, ids);

    assertThat(ids).hasSize(root.size()).doesNotHaveDuplicates();
  }

  @Test
  void shouldRejectMoreKeyPointsThanTheMeetingHasTurns() {
    assertThatThrownBy(() -> RealisticMindmap.of(MEETING, CALL, 20, 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("education_19");
  }

  private static Stream<MindmapNode> keyPoints(MindmapNode root) {
    return root.children().stream().flatMap(topic -> topic.children().stream());
  }

  private static int turnOf(String segmentId) {
    for (int i = 0; i < MEETING.turns().size(); i++) {
      if (RealisticMindmap.segmentId(CALL, i).equals(segmentId)) {
        return i;
      }
    }
    throw new AssertionError("no turn has segment id " + segmentId);
  }

  private static String firstWords(String text) {
    String[] words = text.strip().split("\\s+");
    return String.join(
        " ", List.of(words).subList(0, Math.min(RealisticMindmap.LABEL_WORDS, words.length)));
  }

  private static void collectIds(MindmapNode node, List<String> ids) {
    ids.add(node.id());
    node.children().forEach(child -> collectIds(child, ids));
  }
}
