package io.callstream.query.api;

import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.r2dbc.spi.Readable;

/**
 * A transcript segment as {@code call_transcript_segments} stores it, its text still encrypted:
 * what the transcript and search queries and the workspace export read before they decrypt.
 * Immutable but for the ciphertext array, which no one changes.
 */
public record StoredSegment(
    String callId,
    long sequence,
    String segmentId,
    String speaker,
    long startMs,
    long endMs,
    boolean finalResult,
    byte[] ciphertext) {

  /**
   * The segment of {@code callId} in {@code row}, which has the columns {@code sequence,
   * segment_id, speaker, start_ms, end_ms, final_result, text}.
   */
  public static StoredSegment read(String callId, Readable row) {
    return new StoredSegment(
        callId,
        row.get("sequence", Long.class),
        row.get("segment_id", String.class),
        row.get("speaker", String.class),
        row.get("start_ms", Long.class),
        row.get("end_ms", Long.class),
        Boolean.TRUE.equals(row.get("final_result", Boolean.class)),
        row.get("text", byte[].class));
  }

  /**
   * The segment's text in plaintext. The first use of a workspace's keyset may read a file, so
   * callers decrypt off the event loop.
   */
  public String decrypt(String workspaceId, FieldCipher cipher) {
    return cipher.decryptText(workspaceId, callId, Field.TRANSCRIPT_TEXT, ciphertext);
  }
}
