package io.callstream.query.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small indenting XML writer for the OPML and FreeMind exports. Written by hand rather than with
 * {@code XMLStreamWriter} because the JDK's writer leaves line breaks in attribute values
 * unescaped, and a parser then reads them back as spaces (attribute-value normalization): labels
 * with line breaks would not survive. Not thread-safe; one per export.
 */
final class XmlWriter {

  private final Writer out;
  private final Deque<String> open = new ArrayDeque<>();
  private boolean inStartTag;

  private XmlWriter(Writer out) {
    this.out = out;
  }

  /** A writer on {@code out} that has written the UTF-8 XML declaration. */
  static XmlWriter on(OutputStream out) throws IOException {
    XmlWriter writer =
        new XmlWriter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
    writer.out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    return writer;
  }

  XmlWriter start(String name) throws IOException {
    closeStartTag();
    indent();
    out.write('<');
    out.write(name);
    open.push(name);
    inStartTag = true;
    return this;
  }

  XmlWriter attribute(String name, String value) throws IOException {
    if (!inStartTag) {
      throw new IllegalStateException("attribute " + name + " outside a start tag");
    }
    out.write(' ');
    out.write(name);
    out.write("=\"");
    out.write(escape(value));
    out.write('"');
    return this;
  }

  /** An element holding only text: {@code <name>text</name>}. */
  XmlWriter textElement(String name, String text) throws IOException {
    closeStartTag();
    indent();
    out.write('<' + name + '>');
    out.write(escape(text));
    out.write("</" + name + ">\n");
    return this;
  }

  XmlWriter end() throws IOException {
    String name = open.pop();
    if (inStartTag) {
      out.write("/>\n");
      inStartTag = false;
    } else {
      indent();
      out.write("</" + name + ">\n");
    }
    return this;
  }

  /** Closes every open element and flushes; the underlying stream stays open. */
  void finish() throws IOException {
    while (!open.isEmpty()) {
      end();
    }
    out.flush();
  }

  private void closeStartTag() throws IOException {
    if (inStartTag) {
      out.write(">\n");
      inStartTag = false;
    }
  }

  private void indent() throws IOException {
    for (int i = 0; i < open.size(); i++) {
      out.write("  ");
    }
  }

  /**
   * Escapes text for element content and double-quoted attribute values. Line breaks and tabs
   * become character references so attribute values keep them; characters XML 1.0 cannot carry
   * (most C0 controls, lone surrogates, U+FFFE, U+FFFF) are dropped.
   */
  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                case '\n' -> escaped.append("&#10;");
                case '\r' -> escaped.append("&#13;");
                case '\t' -> escaped.append("&#9;");
                default -> {
                  if (allowed(c)) {
                    escaped.appendCodePoint(c);
                  }
                }
              }
            });
    return escaped.toString();
  }

  private static boolean allowed(int c) {
    return (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
  }
}
