package io.callstream.query.export;

import io.callstream.core.event.InsightType;
import io.callstream.core.result.MindmapNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Markdown outline that markmap draws as a mindmap: a YAML front matter with the title, the root as
 * {@code #}, its children as {@code ##}, deeper nodes as nested {@code -} bullets (two spaces per
 * level), each cited node followed by the time of its first citation ({@code [12:34]}). Then {@code
 * ## Summary} and {@code ## Insights} with a {@code ###} per insight type. Every ASCII punctuation
 * character of a label is backslash-escaped (CommonMark allows that escape for all of them), so
 * labels never turn into markup; line breaks in labels become spaces. Stateless and thread-safe.
 */
public final class MarkdownExport implements ExportFormat {

  /** Heading of the summary section. */
  public static final String SUMMARY_HEADING = "Summary";

  /** Heading of the insights section. */
  public static final String INSIGHTS_HEADING = "Insights";

  @Override
  public String name() {
    return "md";
  }

  @Override
  public String mediaType() {
    return "text/markdown; charset=UTF-8";
  }

  @Override
  public String fileExtension() {
    return "md";
  }

  @Override
  public void write(CallExport export, OutputStream out) throws IOException {
    Writer md = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    md.write("---\ntitle: " + yamlString(export.title()) + "\n---\n\n");
    MindmapNode root = export.mindmap();
    md.write("# " + line(root.label()) + Timestamps.suffix(root.citations()) + "\n");
    for (MindmapNode topic : root.children()) {
      md.write("\n## " + line(topic.label()) + Timestamps.suffix(topic.citations()) + "\n");
      if (!topic.children().isEmpty()) {
        md.write("\n");
        for (MindmapNode point : topic.children()) {
          bullets(md, point, 0);
        }
      }
    }
    if (export.summary() != null) {
      md.write("\n## " + SUMMARY_HEADING + "\n");
      for (String paragraph : export.summary().split("\\R")) {
        if (!paragraph.isBlank()) {
          md.write("\n" + line(paragraph) + "\n");
        }
      }
    }
    Map<InsightType, List<ExportedInsight>> byType = export.insightsByType();
    if (!byType.isEmpty()) {
      md.write("\n## " + INSIGHTS_HEADING + "\n");
      for (Map.Entry<InsightType, List<ExportedInsight>> group : byType.entrySet()) {
        md.write("\n### " + InsightTypeNames.heading(group.getKey()) + "\n\n");
        for (ExportedInsight insight : group.getValue()) {
          md.write("- " + insightLine(insight) + "\n");
        }
      }
    }
    md.flush();
  }

  private static void bullets(Writer md, MindmapNode node, int level) throws IOException {
    md.write("  ".repeat(level));
    md.write("- " + line(node.label()) + Timestamps.suffix(node.citations()) + "\n");
    for (MindmapNode child : node.children()) {
      bullets(md, child, level + 1);
    }
  }

  private static String insightLine(ExportedInsight insight) {
    StringBuilder text = new StringBuilder(line(insight.body().text()));
    String owner = insight.body().owner();
    String due = insight.body().due();
    if (owner != null || due != null) {
      text.append(" \\(");
      if (owner != null) {
        text.append("owner: ").append(line(owner));
      }
      if (due != null) {
        text.append(owner != null ? ", " : "").append("due: ").append(line(due));
      }
      text.append("\\)");
    }
    return text.append(Timestamps.suffix(insight.citations())).toString();
  }

  /** Text as one line of Markdown that reads back as exactly that text. */
  static String line(String text) {
    String oneLine = text.replaceAll("\\R", " ").replace('\t', ' ').strip();
    StringBuilder escaped = new StringBuilder(oneLine.length() + 16);
    for (int i = 0; i < oneLine.length(); i++) {
      char c = oneLine.charAt(i);
      if (isAsciiPunctuation(c)) {
        escaped.append('\\');
      }
      if (c >= 0x20) {
        escaped.append(c);
      }
    }
    return escaped.toString();
  }

  private static boolean isAsciiPunctuation(char c) {
    return (c >= '!' && c <= '/')
        || (c >= ':' && c <= '@')
        || (c >= '[' && c <= '`')
        || (c >= '{' && c <= '~');
  }

  /** A YAML double-quoted scalar. */
  private static String yamlString(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\x%02x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
