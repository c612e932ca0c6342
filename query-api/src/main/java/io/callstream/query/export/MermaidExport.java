package io.callstream.query.export;

import io.callstream.core.result.MindmapNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Mermaid {@code mindmap} of the mindmap tree (insights are not drawn: a Mermaid mindmap has one
 * root). Each node is a line indented two spaces per level, in the form {@code n7["label
 * [12:34]"]}: generated ids, because Mermaid ids cannot hold {@code ( [ ) - { }}; quoted text, so
 * brackets and parentheses in labels are text. Inside the quotes Mermaid's entity codes stand for
 * the characters that would end or change the string ({@code #quot;}, {@code #96;} for a backtick,
 * which would start a Markdown string, {@code #35;} for {@code #}, and {@code #lt;}, {@code #gt;},
 * {@code #amp;}); line breaks become spaces so each node stays on its line. Stateless and
 * thread-safe.
 */
public final class MermaidExport implements ExportFormat {

  /** Spaces per tree level. */
  public static final int INDENT = 2;

  @Override
  public String name() {
    return "mermaid";
  }

  @Override
  public String mediaType() {
    return "text/vnd.mermaid; charset=UTF-8";
  }

  @Override
  public String fileExtension() {
    return "mmd";
  }

  @Override
  public void write(CallExport export, OutputStream out) throws IOException {
    Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    text.write("mindmap\n");
    node(text, export.mindmap(), 1, new int[] {0});
    text.flush();
  }

  private static void node(Writer text, MindmapNode node, int depth, int[] ids) throws IOException {
    text.write(" ".repeat(depth * INDENT));
    text.write("n" + ids[0]++);
    text.write("[\"");
    text.write(escape(node.label() + Timestamps.suffix(node.citations())));
    text.write("\"]\n");
    for (MindmapNode child : node.children()) {
      node(text, child, depth + 1, ids);
    }
  }

  /** Label text for inside {@code ["..."]}. */
  static String escape(String label) {
    StringBuilder escaped = new StringBuilder(label.length() + 8);
    String oneLine = label.replaceAll("\\R", " ").replace('\t', ' ').strip();
    for (int i = 0; i < oneLine.length(); i++) {
      char c = oneLine.charAt(i);
      switch (c) {
        case '"' -> escaped.append("#quot;");
        case '`' -> escaped.append("#96;");
        case '#' -> escaped.append("#35;");
        case '<' -> escaped.append("#lt;");
        case '>' -> escaped.append("#gt;");
        case '&' -> escaped.append("#amp;");
        default -> {
          if (c >= 0x20) {
            escaped.append(c);
          }
        }
      }
    }
    return escaped.toString();
  }
}
