package io.callstream.query.export;

import io.callstream.core.event.InsightType;
import io.callstream.core.result.Citation;
import io.callstream.core.result.MindmapNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * FreeMind {@code .mm} ({@code map version="1.0.1"}, also read by Freeplane): the mindmap root is
 * the map's root {@code node}, topics go to the right; a {@code Summary} and an {@code Insights}
 * node go to the left. Labels are {@code TEXT} attributes (line breaks kept as {@code &#10;}, as
 * FreeMind writes them); ids, times and segments are FreeMind {@code attribute} elements. Stateless
 * and thread-safe.
 */
public final class FreeMindExport implements ExportFormat {

  /** Text of the root's child holding the summary. */
  public static final String SUMMARY_NODE = "Summary";

  /** Text of the root's child holding the insights, grouped by type. */
  public static final String INSIGHTS_NODE = "Insights";

  @Override
  public String name() {
    return "mm";
  }

  @Override
  public String mediaType() {
    return "application/x-freemind";
  }

  @Override
  public String fileExtension() {
    return "mm";
  }

  @Override
  public void write(CallExport export, OutputStream out) throws IOException {
    XmlWriter xml = XmlWriter.on(out);
    Ids ids = new Ids();
    xml.start("map").attribute("version", "1.0.1");
    MindmapNode root = export.mindmap();
    xml.start("node").attribute("ID", ids.next()).attribute("TEXT", root.label());
    attributes(xml, root.id(), root.citations());
    for (MindmapNode child : root.children()) {
      node(xml, ids, child, "right");
    }
    if (export.summary() != null) {
      xml.start("node")
          .attribute("ID", ids.next())
          .attribute("TEXT", SUMMARY_NODE)
          .attribute("POSITION", "left");
      xml.start("node").attribute("ID", ids.next()).attribute("TEXT", export.summary()).end();
      xml.end();
    }
    Map<InsightType, List<ExportedInsight>> byType = export.insightsByType();
    if (!byType.isEmpty()) {
      xml.start("node")
          .attribute("ID", ids.next())
          .attribute("TEXT", INSIGHTS_NODE)
          .attribute("POSITION", "left");
      for (Map.Entry<InsightType, List<ExportedInsight>> group : byType.entrySet()) {
        xml.start("node")
            .attribute("ID", ids.next())
            .attribute("TEXT", InsightTypeNames.heading(group.getKey()));
        for (ExportedInsight insight : group.getValue()) {
          insight(xml, ids, insight);
        }
        xml.end();
      }
      xml.end();
    }
    xml.finish();
  }

  private static void node(XmlWriter xml, Ids ids, MindmapNode node, @Nullable String position)
      throws IOException {
    xml.start("node").attribute("ID", ids.next()).attribute("TEXT", node.label());
    if (position != null) {
      xml.attribute("POSITION", position);
    }
    attributes(xml, node.id(), node.citations());
    for (MindmapNode child : node.children()) {
      node(xml, ids, child, null);
    }
    xml.end();
  }

  private static void insight(XmlWriter xml, Ids ids, ExportedInsight insight) throws IOException {
    xml.start("node").attribute("ID", ids.next()).attribute("TEXT", insight.body().text());
    attribute(xml, "insightId", insight.insightId());
    attribute(xml, "type", insight.type().name());
    if (insight.body().owner() != null) {
      attribute(xml, "owner", insight.body().owner());
    }
    if (insight.body().due() != null) {
      attribute(xml, "due", insight.body().due());
    }
    cited(xml, insight.citations());
    xml.end();
  }

  private static void attributes(XmlWriter xml, String nodeId, List<Citation> citations)
      throws IOException {
    attribute(xml, "id", nodeId);
    cited(xml, citations);
  }

  private static void cited(XmlWriter xml, List<Citation> citations) throws IOException {
    if (!citations.isEmpty()) {
      attribute(xml, "time", Timestamps.clock(Timestamps.firstStart(citations).orElseThrow()));
      attribute(xml, "segments", CitationText.segmentIds(citations));
    }
  }

  private static void attribute(XmlWriter xml, String name, String value) throws IOException {
    xml.start("attribute").attribute("NAME", name).attribute("VALUE", value).end();
  }

  /** FreeMind node ids: unique in the map, starting with a letter. */
  private static final class Ids {
    private int next = 1;

    String next() {
      return "ID_" + next++;
    }
  }
}
