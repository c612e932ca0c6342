package io.callstream.query.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.core.result.MindmapNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No Mermaid parser runs on the JVM, so this reads the output with the rules of Mermaid's mindmap
 * grammar (mindmap.jison) that matter here: one node per line, depth from indentation, an id of
 * characters other than {@code ( [ ) - { } newline}, then {@code ["text"]} where the text holds no
 * {@code "} and starts with no backtick (that would open a Markdown string).
 */
class MermaidExportTest {

  private static final Pattern NODE = Pattern.compile("^( +)(n\\d+)\\[\"([^\"`\\n]*)\"]$");

  private final MermaidExport mermaid = new MermaidExport();

  @Test
  void shouldNestByIndentationWithEscapedQuotedLabels() {
    CallExport call = ExportFixtures.nastyCall();

    Outline parsed = read(mermaid.write(call));

    assertThat(parsed).isEqualTo(Outline.expected(call.mindmap(), MermaidExportTest::text));
    assertThat(parsed.size()).isEqualTo(call.mindmap().size());
  }

  @Test
  void shouldEscapeQuotesAndEntityLookalikes() {
    String written = new String(mermaid.write(ExportFixtures.nastyCall()), StandardCharsets.UTF_8);

    assertThat(written)
        .contains("He said #quot;ship it#quot; #amp; left")
        .contains("#35;quot; literal entity code #35;35;")
        .contains("#96;code#96;")
        .doesNotContain("<script>");
  }

  @Test
  void shouldExportAMeetingSizedTree() {
    CallExport call = ExportFixtures.meetingCall();

    Outline parsed = read(mermaid.write(call));

    assertThat(parsed).isEqualTo(Outline.expected(call.mindmap(), MermaidExportTest::text));
    assertThat(parsed.size()).isEqualTo(1 + 12 + 12 * 8);
    assertThat(parsed.depth()).isEqualTo(3);
  }

  private static String text(MindmapNode node) {
    return ExportFixtures.oneLine(node.label()) + Timestamps.suffix(node.citations());
  }

  /** The tree of a Mermaid mindmap, labels with entity codes decoded. */
  private static Outline read(byte[] bytes) {
    List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(0)).isEqualTo("mindmap");
    Deque<Builder> stack = new ArrayDeque<>();
    Builder root = null;
    Set<String> ids = new HashSet<>();
    for (String line : lines.subList(1, lines.size())) {
      Matcher node = NODE.matcher(line);
      assertThat(node.matches()).as("node line %s", line).isTrue();
      assertThat(node.group(1).length() % MermaidExport.INDENT).isZero();
      int depth = node.group(1).length() / MermaidExport.INDENT;
      assertThat(ids.add(node.group(2))).as("unique id %s", node.group(2)).isTrue();
      Builder built = new Builder(decode(node.group(3)));
      if (root == null) {
        assertThat(depth).isEqualTo(1);
        root = built;
      } else {
        while (stack.size() >= depth) {
          stack.pop();
        }
        assertThat(stack.size()).as("no level skipped at %s", line).isEqualTo(depth - 1);
        stack.peek().children.add(built);
      }
      stack.push(built);
    }
    return root.build();
  }

  private static String decode(String text) {
    assertThat(text).doesNotContain("<", ">", "`");
    Matcher entity = Pattern.compile("#(\\w+);").matcher(text);
    StringBuilder decoded = new StringBuilder();
    while (entity.find()) {
      String code = entity.group(1);
      String character =
          switch (code) {
            case "quot" -> "\"";
            case "lt" -> "<";
            case "gt" -> ">";
            case "amp" -> "&";
            default -> new String(Character.toChars(Integer.parseInt(code)));
          };
      entity.appendReplacement(decoded, Matcher.quoteReplacement(character));
    }
    entity.appendTail(decoded);
    return decoded.toString();
  }

  private static final class Builder {
    private final String label;
    private final List<Builder> children = new ArrayList<>();

    Builder(String label) {
      this.label = label;
    }

    Outline build() {
      return new Outline(label, children.stream().map(Builder::build).toList());
    }
  }
}
