package io.callstream.query.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstream.core.event.InsightType;
import io.callstream.core.result.Citation;
import io.callstream.core.result.MindmapNode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonExportTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final JsonExport json = new JsonExport();

  @Test
  void shouldParseBackToTheSameTreeWithCitationsAndTimes() throws Exception {
    CallExport call = ExportFixtures.nastyCall();

    JsonNode document = MAPPER.readTree(json.write(call));

    assertThat(document.path("format").asText()).isEqualTo(JsonExport.FORMAT);
    assertThat(document.path("callId").asText()).isEqualTo("call-1");
    assertThat(document.path("title").asText()).isEqualTo(call.title());
    assertThat(document.path("summary").asText()).isEqualTo(call.summary());
    assertThat(readNode(document.path("mindmap"))).isEqualTo(call.mindmap());
    assertTimes(document.path("mindmap"), call.mindmap());
  }

  private static MindmapNode readNode(JsonNode node) {
    List<Citation> citations = new ArrayList<>();
    for (JsonNode citation : node.path("citations")) {
      citations.add(
          new Citation(
              citation.path("segmentId").asText(),
              citation.path("startMs").asLong(),
              citation.path("endMs").asLong()));
    }
    List<MindmapNode> children = new ArrayList<>();
    node.path("children").forEach(child -> children.add(readNode(child)));
    return new MindmapNode(
        node.path("id").asText(), node.path("label").asText(), citations, children);
  }

  private static void assertTimes(JsonNode json, MindmapNode node) {
    if (node.citations().isEmpty()) {
      assertThat(json.has("time")).isFalse();
    } else {
      assertThat(json.path("time").asText())
          .isEqualTo(Timestamps.clock(node.citations().get(0).startMs()));
    }
    for (int i = 0; i < node.children().size(); i++) {
      assertTimes(json.path("children").get(i), node.children().get(i));
    }
  }

  @Test
  void shouldGroupInsightsByTypeInTypeOrder() throws Exception {
    CallExport call = ExportFixtures.nastyCall();

    JsonNode insights = MAPPER.readTree(json.write(call)).path("insights");

    List<String> types = new ArrayList<>();
    insights.fieldNames().forEachRemaining(types::add);
    assertThat(types).containsExactly("ACTION_ITEM", "DECISION", "RISK");
    JsonNode actions = insights.path("ACTION_ITEM");
    assertThat(actions).hasSize(2);
    assertThat(actions.get(0).path("text").asText()).isEqualTo("Send the \"Q3\" deck <today>");
    assertThat(actions.get(0).path("owner").asText()).isEqualTo("Ana & Bo");
    assertThat(actions.get(0).path("due").asText()).isEqualTo("Friday");
    assertThat(actions.get(0).path("time").asText()).isEqualTo("00:21");
    assertThat(actions.get(0).path("citations")).hasSize(2);
    assertThat(actions.get(1).path("text").asText()).isEqualTo("Fix #42\nthen deploy");
    assertThat(actions.get(1).has("owner")).isFalse();
    assertThat(insights.path("RISK").get(0).path("owner").asText()).isEqualTo("Jörg");
  }

  @Test
  void shouldLeaveOutAMissingSummaryAndWriteEmptyInsights() throws Exception {
    MindmapNode root = new MindmapNode("r", "Root", List.of(), List.of());
    CallExport call = CallExport.of("c", "Title", root, List.of());

    JsonNode document = MAPPER.readTree(json.write(call));

    assertThat(document.has("summary")).isFalse();
    assertThat(document.path("insights").isObject()).isTrue();
    assertThat(document.path("insights").size()).isZero();
  }

  @Test
  void shouldWriteToAStreamWithoutClosingIt() throws Exception {
    CallExport call = ExportFixtures.meetingCall();
    ClosableOutput out = new ClosableOutput();

    json.write(call, out);

    assertThat(out.closed).isFalse();
    JsonNode document = MAPPER.readTree(out.toByteArray());
    assertThat(readNode(document.path("mindmap"))).isEqualTo(call.mindmap());
    assertThat(readNode(document.path("mindmap")).size()).isEqualTo(1 + 12 * 9);
    int insights = 0;
    for (InsightType type : InsightType.values()) {
      insights += document.path("insights").path(type.name()).size();
    }
    assertThat(insights).isEqualTo(call.insights().size());
  }

  private static final class ClosableOutput extends ByteArrayOutputStream {
    private boolean closed;

    @Override
    public void close() {
      closed = true;
    }
  }
}
