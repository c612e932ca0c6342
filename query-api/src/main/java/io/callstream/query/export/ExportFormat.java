package io.callstream.query.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * One file format a call's mindmap and insights can be exported to. Implementations are stateless
 * and thread-safe; the REST layer picks one by {@link #name()} (see {@link ExportFormats}).
 */
public interface ExportFormat {

  /** Short name used in URLs and {@code ?format=}: {@code json}, {@code md}, ... */
  String name();

  /** Media type of the written bytes, for {@code Content-Type}. */
  String mediaType();

  /** File extension without the dot, for {@code Content-Disposition} file names. */
  String fileExtension();

  /**
   * Writes the export as UTF-8 to {@code out}. Does not close {@code out}.
   *
   * @throws IOException when {@code out} fails
   */
  void write(CallExport export, OutputStream out) throws IOException;

  /** The export as bytes. */
  default byte[] write(CallExport export) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try {
      write(export, out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + name() + " export", e);
    }
    return out.toByteArray();
  }

  /** File name for the export of a call: {@code title.ext}, reduced to safe characters. */
  default String fileName(CallExport export) {
    String base = export.title().replaceAll("[^\\p{L}\\p{N}._-]+", "-").replaceAll("^-+|-+$", "");
    if (base.isEmpty()) {
      base = "call";
    }
    return (base.length() > 80 ? base.substring(0, 80) : base) + "." + fileExtension();
  }
}
