package io.callstream.query.export;

import static io.callstream.query.export.XmlParsing.children;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.core.result.Citation;
import io.callstream.core.result.MindmapNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class OpmlExportTest {

  private final OpmlExport opml = new OpmlExport();

  @Test
  void shouldParseBackToTheSameTreeWithExactLabels() throws Exception {
    CallExport call = ExportFixtures.nastyCall();

    Document document = XmlParsing.parse(opml.write(call));

    Element root = document.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("opml");
    assertThat(root.getAttribute("version")).isEqualTo("2.0");
    Element head = children(root, "head").get(0);
    assertThat(children(head, "title").get(0).getTextContent()).isEqualTo(call.title());
    List<Element> topLevel = children(children(root, "body").get(0), "outline");
    Outline mindmap = XmlParsing.outline(topLevel.get(0), "outline", "text");
    assertThat(mindmap).isEqualTo(Outline.expected(call.mindmap(), MindmapNode::label));
    assertThat(mindmap.size()).isEqualTo(call.mindmap().size());
  }

  @Test
  void shouldCarryIdsTimesAndSegmentsOfEveryNode() throws Exception {
    CallExport call = ExportFixtures.nastyCall();

    Element rootOutline =
        children(
                children(XmlParsing.parse(opml.write(call)).getDocumentElement(), "body").get(0),
                "outline")
            .get(0);

    assertThat(rootOutline.hasAttribute("_note")).isFalse();
    assertCited(rootOutline, call.mindmap());
  }

  private static void assertCited(Element outline, MindmapNode node) {
    assertThat(outline.getAttribute("nodeId")).isEqualTo(node.id());
    if (!node.citations().isEmpty()) {
      Citation first = node.citations().get(0);
      assertThat(outline.getAttribute("startMs")).isEqualTo(Long.toString(first.startMs()));
      assertThat(outline.getAttribute("time")).isEqualTo(Timestamps.clock(first.startMs()));
      assertThat(outline.getAttribute("segments"))
          .isEqualTo(
              node.citations().stream().map(Citation::segmentId).collect(Collectors.joining(" ")));
      assertThat(outline.getAttribute("_note").split("\n")).hasSize(node.citations().size());
    }
    List<Element> children = children(outline, "outline");
    assertThat(children).hasSize(node.children().size());
    for (int i = 0; i < children.size(); i++) {
      assertCited(children.get(i), node.children().get(i));
    }
  }

  @Test
  void shouldListSummaryAndInsightsGroupedByType() throws Exception {
    CallExport call = ExportFixtures.nastyCall();

    List<Element> topLevel =
        children(
            children(XmlParsing.parse(opml.write(call)).getDocumentElement(), "body").get(0),
            "outline");

    assertThat(topLevel)
        .extracting(e -> e.getAttribute("text"))
        .containsExactly(
            call.mindmap().label(), OpmlExport.SUMMARY_OUTLINE, OpmlExport.INSIGHTS_OUTLINE);
    assertThat(children(topLevel.get(1), "outline").get(0).getAttribute("text"))
        .isEqualTo(call.summary());
    List<Element> groups = children(topLevel.get(2), "outline");
    assertThat(groups)
        .extracting(e -> e.getAttribute("insightType"))
        .containsExactly("ACTION_ITEM", "DECISION", "RISK");
    List<Element> actions = children(groups.get(0), "outline");
    assertThat(actions)
        .extracting(e -> e.getAttribute("text"))
        .containsExactly("Send the \"Q3\" deck <today>", "Fix #42\nthen deploy");
    assertThat(actions.get(0).getAttribute("owner")).isEqualTo("Ana & Bo");
    assertThat(actions.get(0).getAttribute("due")).isEqualTo("Friday");
    assertThat(actions.get(1).hasAttribute("owner")).isFalse();
    assertThat(children(groups.get(2), "outline").get(0).getAttribute("owner")).isEqualTo("Jörg");
  }

  @Test
  void shouldExportAMeetingSizedTree() throws Exception {
    CallExport call = ExportFixtures.meetingCall();

    Element body = children(XmlParsing.parse(opml.write(call)).getDocumentElement(), "body").get(0);

    Outline mindmap = XmlParsing.outline(children(body, "outline").get(0), "outline", "text");
    assertThat(mindmap).isEqualTo(Outline.expected(call.mindmap(), MindmapNode::label));
    assertThat(mindmap.size()).isEqualTo(1 + 12 + 12 * 8);
  }

  @Test
  void shouldDropCharactersXmlCannotCarry() throws Exception {
    MindmapNode root = new MindmapNode("r", "bell\u0007 nul\u0000 ok", List.of(), List.of());
    CallExport call = CallExport.of("c", "t\u0001itle", root, List.of());

    byte[] written = opml.write(call);

    Document document = XmlParsing.parse(written);
    Element outline =
        children(children(document.getDocumentElement(), "body").get(0), "outline").get(0);
    assertThat(outline.getAttribute("text")).isEqualTo("bell nul ok");
    assertThat(new String(written, StandardCharsets.UTF_8)).contains("<title>title</title>");
  }
}
