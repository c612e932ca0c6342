package io.callstream.query.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.callstream.core.result.MindmapNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.front.matter.YamlFrontMatterBlock;
import org.commonmark.ext.front.matter.YamlFrontMatterExtension;
import org.commonmark.ext.front.matter.YamlFrontMatterVisitor;
import org.commonmark.node.BulletList;
import org.commonmark.node.Heading;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

class MarkdownExportTest {

  private static final Parser PARSER =
      Parser.builder().extensions(List.of(YamlFrontMatterExtension.create())).build();

  private final MarkdownExport markdown = new MarkdownExport();

  @Test
  void shouldParseBackAsHeadingsAndBulletsMatchingTheTree() {
    CallExport call = ExportFixtures.nastyCall();

    Document parsed = read(markdown.write(call));

    assertThat(parsed.mindmap())
        .isEqualTo(Outline.expected(call.mindmap(), MarkdownExportTest::text));
  }

  @Test
  void shouldParseAMeetingSizedTree() {
    CallExport call = ExportFixtures.meetingCall();

    Document parsed = read(markdown.write(call));

    assertThat(parsed.mindmap())
        .isEqualTo(Outline.expected(call.mindmap(), MarkdownExportTest::text));
    assertThat(parsed.mindmap().size()).isEqualTo(1 + 12 + 12 * 8);
    assertThat(parsed.mindmap().children().get(0).label()).endsWith("[00:00]");
  }

  @Test
  void shouldWriteTitleFrontMatterSummaryAndInsightSections() {
    CallExport call =
        new CallExport(
            "c",
            "Weekly sync",
            ExportFixtures.nastyTree(),
            ExportFixtures.nastyInsights(),
            ExportFixtures.nastyCall().summary());

    Node document = PARSER.parse(new String(markdown.write(call), StandardCharsets.UTF_8));
    YamlFrontMatterVisitor frontMatter = new YamlFrontMatterVisitor();
    document.accept(frontMatter);
    Document parsed = read(markdown.write(call));

    assertThat(document.getFirstChild()).isInstanceOf(YamlFrontMatterBlock.class);
    assertThat(frontMatter.getData()).containsEntry("title", List.of("Weekly sync"));
    assertThat(parsed.summary())
        .containsExactly(
            "First line of the summary with *stars*.", "Second line: <b>bold</b> & \"quotes\".");
    assertThat(parsed.insights())
        .extracting(Outline::label)
        .containsExactly("Action items", "Decisions", "Risks");
    assertThat(parsed.insights().get(0).children())
        .extracting(Outline::label)
        .containsExactly(
            "Send the \"Q3\" deck <today> (owner: Ana & Bo, due: Friday) [00:21]",
            "Fix #42 then deploy (due: 2026-12-01) [00:56]");
    assertThat(parsed.insights().get(1).children())
        .extracting(Outline::label)
        .containsExactly("Use `kafka` for *everything* [00:35]");
  }

  @Test
  void shouldKeepANastyTitleInsideTheFrontMatter() {
    CallExport call = ExportFixtures.nastyCall();

    Node document = PARSER.parse(new String(markdown.write(call), StandardCharsets.UTF_8));

    assertThat(document.getFirstChild()).isInstanceOf(YamlFrontMatterBlock.class);
    assertThat(document.getFirstChild().getNext()).isInstanceOf(Heading.class);
    assertThat(((Heading) document.getFirstChild().getNext()).getLevel()).isEqualTo(1);
  }

  private static String text(MindmapNode node) {
    return ExportFixtures.oneLine(node.label()) + Timestamps.suffix(node.citations());
  }

  /** The parsed export: mindmap tree, summary paragraphs, insight groups. */
  private record Document(Outline mindmap, List<String> summary, List<Outline> insights) {}

  private static Document read(byte[] bytes) {
    Node document = PARSER.parse(new String(bytes, StandardCharsets.UTF_8));
    String root = null;
    List<Outline> topics = new ArrayList<>();
    List<String> summary = new ArrayList<>();
    List<Outline> insights = new ArrayList<>();
    String section = "mindmap";
    String topic = null;
    List<Outline> points = new ArrayList<>();
    for (Node block = document.getFirstChild(); block != null; block = block.getNext()) {
      if (block instanceof YamlFrontMatterBlock) {
        continue;
      }
      if (block instanceof Heading heading) {
        String text = plainText(heading);
        if (heading.getLevel() == 1) {
          assertThat(root).as("one h1").isNull();
          root = text;
        } else if (heading.getLevel() == 2) {
          if (topic != null) {
            topics.add(new Outline(topic, points));
          }
          topic = null;
          points = new ArrayList<>();
          if (text.equals(MarkdownExport.SUMMARY_HEADING)
              || text.equals(MarkdownExport.INSIGHTS_HEADING)) {
            section = text;
          } else {
            assertThat(section).as("topics come before summary and insights").isEqualTo("mindmap");
            topic = text;
          }
        } else if (heading.getLevel() == 3 && section.equals(MarkdownExport.INSIGHTS_HEADING)) {
          insights.add(new Outline(text, List.of()));
        } else {
          fail("unexpected heading " + heading.getLevel() + " " + text);
        }
      } else if (block instanceof BulletList list) {
        if (section.equals(MarkdownExport.INSIGHTS_HEADING)) {
          Outline group = insights.remove(insights.size() - 1);
          insights.add(new Outline(group.label(), items(list)));
        } else {
          assertThat(topic).as("bullets belong to a topic").isNotNull();
          points.addAll(items(list));
        }
      } else if (block instanceof Paragraph paragraph
          && section.equals(MarkdownExport.SUMMARY_HEADING)) {
        summary.add(plainText(paragraph));
      } else {
        fail("unexpected block " + block);
      }
    }
    if (topic != null) {
      topics.add(new Outline(topic, points));
    }
    return new Document(new Outline(root, topics), summary, insights);
  }

  private static List<Outline> items(BulletList list) {
    List<Outline> items = new ArrayList<>();
    for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
      Node paragraph = ((ListItem) item).getFirstChild();
      List<Outline> children = new ArrayList<>();
      for (Node sub = paragraph.getNext(); sub != null; sub = sub.getNext()) {
        children.addAll(items((BulletList) sub));
      }
      items.add(new Outline(plainText((Paragraph) paragraph), children));
    }
    return items;
  }

  /** The text of a heading or paragraph, which must be plain text: no emphasis, code or links. */
  private static String plainText(Node block) {
    StringBuilder text = new StringBuilder();
    for (Node inline = block.getFirstChild(); inline != null; inline = inline.getNext()) {
      if (!(inline instanceof Text literal)) {
        fail("markup leaked from a label: " + inline + " in " + block);
        return "";
      }
      text.append(literal.getLiteral());
    }
    return text.toString();
  }
}
