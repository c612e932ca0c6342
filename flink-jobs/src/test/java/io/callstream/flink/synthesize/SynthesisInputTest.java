package io.callstream.flink.synthesize;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.analyzer.Branch;
import io.callstream.analyzer.Finding;
import io.callstream.analyzer.SynthesisRequest;
import io.callstream.core.event.InsightType;
import io.callstream.core.result.Citation;
import io.callstream.core.result.MindmapNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SynthesisInputTest {

  @Test
  void shouldKeepEveryTopicButOnlyItsFirstKeyPoints() {
    List<MindmapNode> points =
        IntStream.range(0, 6).mapToObj(i -> node("p" + i, "point " + i, List.of())).toList();
    MindmapNode root =
        node(
            "root", "Call", List.of(node("t0", "budget", points), node("t1", "hiring", List.of())));

    SynthesisRequest request = SynthesisInput.of("ws", "call", root, List.of());

    assertThat(request.mindmap()).extracting(Branch::label).containsExactly("budget", "hiring");
    assertThat(request.mindmap().get(0).children())
        .extracting(Branch::label)
        .containsExactly("point 0", "point 1");
    assertThat(request.mindmap().get(0).segmentIds()).containsExactly("seg-t0");
  }

  @Test
  void shouldKeepTheFirstFindingsOfEachTypeCutShort() {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      findings.add(finding(InsightType.ACTION_ITEM, "do thing " + i));
    }
    findings.add(finding(InsightType.RISK, "word ".repeat(50)));

    SynthesisRequest request =
        SynthesisInput.of("ws", "call", node("root", "Call", List.of()), findings);

    assertThat(request.findings())
        .filteredOn(f -> f.type() == InsightType.ACTION_ITEM)
        .extracting(Finding::text)
        .containsExactly("do thing 0", "do thing 1", "do thing 2");
    Finding risk =
        request.findings().stream().filter(f -> f.type() == InsightType.RISK).findFirst().get();
    assertThat(risk.text().split(" ")).hasSize(SynthesisInput.WORDS_PER_TEXT + 1);
    assertThat(risk.segmentIds()).containsExactly("seg-1");
  }

  private static Finding finding(InsightType type, String text) {
    return new Finding(type, text, null, null, List.of("seg-1"));
  }

  private static MindmapNode node(String id, String label, List<MindmapNode> children) {
    return new MindmapNode(id, label, List.of(new Citation("seg-" + id, 0, 1)), children);
  }
}
