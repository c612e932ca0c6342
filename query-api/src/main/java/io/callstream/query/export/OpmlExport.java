package io.callstream.query.export;

import io.callstream.core.event.InsightType;
import io.callstream.core.result.Citation;
import io.callstream.core.result.MindmapNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * OPML 2.0: the mindmap as nested {@code outline} elements (label in {@code text}), then a {@code
 * Summary} and an {@code Insights} outline. Cited nodes carry {@code _note} (times and segments,
 * for outliners that show notes) and the custom attributes {@code nodeId}, {@code startMs}, {@code
 * time} and {@code segments}, which OPML 2.0 allows. Stateless and thread-safe.
 */
public final class OpmlExport implements ExportFormat {

  /** Text of the top-level outline holding the summary. */
  public static final String SUMMARY_OUTLINE = "Summary";

  /** Text of the top-level outline holding the insights, grouped by type. */
  public static final String INSIGHTS_OUTLINE = "Insights";

  @Override
  public String name() {
    return "opml";
  }

  @Override
  public String mediaType() {
    return "text/x-opml; charset=UTF-8";
  }

  @Override
  public String fileExtension() {
    return "opml";
  }

  @Override
  public void write(CallExport export, OutputStream out) throws IOException {
    XmlWriter xml = XmlWriter.on(out);
    xml.start("opml").attribute("version", "2.0");
    xml.start("head").textElement("title", export.title()).end();
    xml.start("body");
    node(xml, export.mindmap());
    if (export.summary() != null) {
      xml.start("outline").attribute("text", SUMMARY_OUTLINE);
      xml.start("outline").attribute("text", export.summary()).end();
      xml.end();
    }
    Map<InsightType, List<ExportedInsight>> byType = export.insightsByType();
    if (!byType.isEmpty()) {
      xml.start("outline").attribute("text", INSIGHTS_OUTLINE);
      for (Map.Entry<InsightType, List<ExportedInsight>> group : byType.entrySet()) {
        xml.start("outline")
            .attribute("text", InsightTypeNames.heading(group.getKey()))
            .attribute("insightType", group.getKey().name());
        for (ExportedInsight insight : group.getValue()) {
          insight(xml, insight);
        }
        xml.end();
      }
      xml.end();
    }
    xml.finish();
  }

  private static void node(XmlWriter xml, MindmapNode node) throws IOException {
    xml.start("outline").attribute("text", node.label()).attribute("nodeId", node.id());
    cited(xml, node.citations());
    for (MindmapNode child : node.children()) {
      node(xml, child);
    }
    xml.end();
  }

  private static void insight(XmlWriter xml, ExportedInsight insight) throws IOException {
    xml.start("outline")
        .attribute("text", insight.body().text())
        .attribute("insightId", insight.insightId())
        .attribute("insightType", insight.type().name());
    if (insight.body().owner() != null) {
      xml.attribute("owner", insight.body().owner());
    }
    if (insight.body().due() != null) {
      xml.attribute("due", insight.body().due());
    }
    cited(xml, insight.citations());
    xml.end();
  }

  private static void cited(XmlWriter xml, List<Citation> citations) throws IOException {
    if (citations.isEmpty()) {
      return;
    }
    long start = Timestamps.firstStart(citations).orElseThrow();
    xml.attribute("_note", CitationText.note(citations))
        .attribute("startMs", Long.toString(start))
        .attribute("time", Timestamps.clock(start))
        .attribute("segments", CitationText.segmentIds(citations));
  }
}
