package io.callstream.query.export;

import static io.callstream.query.export.XmlParsing.children;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.core.result.Citation;
import io.callstream.core.result.MindmapNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class FreeMindExportTest {

  private final FreeMindExport freeMind = new FreeMindExport();

  @Test
  void shouldParseBackToTheSameTreeWithExactLabels() throws Exception {
    CallExport call = ExportFixtures.nastyCall();

    Element map = XmlParsing.parse(freeMind.write(call)).getDocumentElement();

    assertThat(map.getTagName()).isEqualTo("map");
    assertThat(map.getAttribute("version")).isEqualTo("1.0.1");
    List<Element> roots = children(map, "node");
    assertThat(roots).hasSize(1);
    Outline parsed = XmlParsing.outline(roots.get(0), "node", "TEXT");
    Outline expected = Outline.expected(call.mindmap(), MindmapNode::label);
    // the root's last two children are the summary and insights branches, drawn on the left
    List<Outline> topics = parsed.children().subList(0, parsed.children().size() - 2);
    assertThat(new Outline(parsed.label(), topics)).isEqualTo(expected);
    assertThat(parsed.children().subList(topics.size(), parsed.children().size()))
        .extracting(Outline::label)
        .containsExactly(FreeMindExport.SUMMARY_NODE, FreeMindExport.INSIGHTS_NODE);
  }

  @Test
  void shouldGiveEveryNodeAUniqueIdAndItsCitations() throws Exception {
    CallExport call = ExportFixtures.nastyCall();

    Element map = XmlParsing.parse(freeMind.write(call)).getDocumentElement();

    NodeList all = map.getElementsByTagName("node");
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < all.getLength(); i++) {
      ids.add(((Element) all.item(i)).getAttribute("ID"));
    }
    assertThat(ids).hasSize(all.getLength()).allMatch(id -> id.matches("ID_\\d+"));
    assertCited(children(map, "node").get(0), call.mindmap());
  }

  private static void assertCited(Element element, MindmapNode node) {
    Map<String, String> attributes = attributes(element);
    assertThat(attributes).containsEntry("id", node.id());
    if (node.citations().isEmpty()) {
      assertThat(attributes).doesNotContainKeys("time", "segments");
    } else {
      assertThat(attributes)
          .containsEntry("time", Timestamps.clock(node.citations().get(0).startMs()))
          .containsEntry(
              "segments",
              node.citations().stream().map(Citation::segmentId).collect(Collectors.joining(" ")));
    }
    List<Element> children = children(element, "node");
    for (int i = 0; i < node.children().size(); i++) {
      assertCited(children.get(i), node.children().get(i));
    }
  }

  private static Map<String, String> attributes(Element node) {
    Map<String, String> attributes = new HashMap<>();
    for (Element attribute : children(node, "attribute")) {
      attributes.put(attribute.getAttribute("NAME"), attribute.getAttribute("VALUE"));
    }
    return attributes;
  }

  @Test
  void shouldPutInsightsUnderTheirTypeWithOwnerAndDue() throws Exception {
    CallExport call = ExportFixtures.nastyCall();

    Element root =
        children(XmlParsing.parse(freeMind.write(call)).getDocumentElement(), "node").get(0);

    List<Element> branches = children(root, "node");
    Element summary = branches.get(branches.size() - 2);
    Element insights = branches.get(branches.size() - 1);
    assertThat(summary.getAttribute("POSITION")).isEqualTo("left");
    assertThat(children(summary, "node").get(0).getAttribute("TEXT")).isEqualTo(call.summary());
    List<Element> groups = children(insights, "node");
    assertThat(groups)
        .extracting(e -> e.getAttribute("TEXT"))
        .containsExactly("Action items", "Decisions", "Risks");
    Element first = children(groups.get(0), "node").get(0);
    assertThat(first.getAttribute("TEXT")).isEqualTo("Send the \"Q3\" deck <today>");
    assertThat(attributes(first))
        .containsEntry("owner", "Ana & Bo")
        .containsEntry("due", "Friday")
        .containsEntry("type", "ACTION_ITEM")
        .containsEntry("segments", "seg-3 seg-4");
  }

  @Test
  void shouldExportAMeetingSizedTree() throws Exception {
    CallExport call = ExportFixtures.meetingCall();

    Element root =
        children(XmlParsing.parse(freeMind.write(call)).getDocumentElement(), "node").get(0);

    Outline parsed = XmlParsing.outline(root, "node", "TEXT");
    Outline topics =
        new Outline(parsed.label(), parsed.children().subList(0, parsed.children().size() - 2));
    assertThat(topics).isEqualTo(Outline.expected(call.mindmap(), MindmapNode::label));
    assertThat(topics.size()).isEqualTo(1 + 12 + 12 * 8);
  }
}
