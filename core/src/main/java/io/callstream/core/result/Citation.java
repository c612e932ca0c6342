package io.callstream.core.result;

/**
 * A transcript segment a result rests on, with its time span so a reader can jump to it.
 *
 * @param segmentId id of a segment of the same call
 * @param startMs start of the segment, in milliseconds from the start of the call
 * @param endMs end of the segment
 */
public record Citation(String segmentId, long startMs, long endMs) {

  public Citation {
    if (segmentId == null || segmentId.isBlank()) {
      throw new IllegalArgumentException("segmentId must not be blank");
    }
    if (startMs < 0 || endMs < startMs) {
      throw new IllegalArgumentException(
          "citation span must satisfy 0 <= startMs <= endMs, was " + startMs + ".." + endMs);
    }
  }
}
