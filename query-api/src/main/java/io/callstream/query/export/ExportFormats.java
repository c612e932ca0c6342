package io.callstream.query.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The export formats by name: what {@code ?format=json|md|opml|mm|mermaid} chooses from. */
public enum ExportFormats {
  JSON(new JsonExport()),
  MARKDOWN(new MarkdownExport()),
  OPML(new OpmlExport()),
  FREEMIND(new FreeMindExport()),
  MERMAID(new MermaidExport());

  private final ExportFormat format;

  ExportFormats(ExportFormat format) {
    this.format = format;
  }

  /** The format's writer (stateless, thread-safe). */
  public ExportFormat format() {
    return format;
  }

  /** The format whose {@link ExportFormat#name()} or file extension is {@code name}, any case. */
  public static Optional<ExportFormat> byName(String name) {
    if (name == null) {
      throw new IllegalArgumentException("name must not be null");
    }
    String wanted = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .map(ExportFormats::format)
        .filter(f -> f.name().equals(wanted) || f.fileExtension().equals(wanted))
        .findFirst();
  }
}
