package io.callstream.analyzer;

/**
 * One decrypted transcript segment as an analyzer sees it. Analyzers cite lines by {@link
 * #segmentId()}.
 */
public record TranscriptLine(
    String segmentId, String speaker, long startMs, long endMs, String text) {

  public TranscriptLine {
    Require.notBlank(segmentId, "segmentId");
    Require.notBlank(speaker, "speaker");
    Require.notNull(text, "text");
    if (startMs < 0 || endMs < startMs) {
      throw new IllegalArgumentException(
          "line span must satisfy 0 <= startMs <= endMs, was " + startMs + ".." + endMs);
    }
  }
}
