package io.callstream.flink.chunk;

import io.callstream.core.event.TranscriptSegment;

/**
 * A segment in the {@link Chunker}'s state with its token count, so the text is decrypted once, to
 * count it, and never kept in plaintext. Public only because Flink serializes public records as
 * POJOs.
 *
 * @param segment the segment as it came, text encrypted
 * @param tokens tokens of its decrypted text (o200k), or its ciphertext length / 4 when it could
 *     not be decrypted
 */
public record BufferedSegment(TranscriptSegment segment, int tokens) {

  public BufferedSegment {
    if (segment == null) {
      throw new IllegalArgumentException("segment must not be null");
    }
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens must not be negative, was " + tokens);
    }
  }

  public long sequence() {
    return segment.sequence();
  }

  public String speaker() {
    return segment.speaker();
  }
}
