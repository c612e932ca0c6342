package io.callstream.ingest.transcript.format;

/**
 * Reads one transcript file format. Implementations are stateless and thread-safe.
 *
 * @see TranscriptFormat#parser()
 */
public interface TranscriptParser {

  /**
   * Parses a whole file.
   *
   * @param content the file's bytes, UTF-8
   * @return its segments, at least one
   * @throws TranscriptFormatException if the file does not follow the format, naming the line; no
   *     other exception escapes, whatever the bytes
   */
  ParsedTranscript parse(byte[] content);
}
