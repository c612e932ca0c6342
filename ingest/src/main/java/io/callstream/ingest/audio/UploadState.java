package io.callstream.ingest.audio;

import org.jspecify.annotations.Nullable;

/**
 * How far a call's audio upload is: what is durably in Kafka, as stored in PostgreSQL.
 *
 * @param contentType media type of the audio; {@code null} before any PUT
 * @param storedBytes bytes from the start of the audio that Kafka has acknowledged: the offset the
 *     next PUT starts at
 * @param totalBytes length of the whole audio, once a PUT declared or ended it
 */
public record UploadState(
    @Nullable String contentType, long storedBytes, @Nullable Long totalBytes) {

  public UploadState {
    if (storedBytes < 0) {
      throw new IllegalArgumentException("storedBytes must not be negative, was " + storedBytes);
    }
    if (totalBytes != null && storedBytes > totalBytes) {
      throw new IllegalArgumentException(
          "storedBytes " + storedBytes + " must not exceed totalBytes " + totalBytes);
    }
  }

  /** The state of a call whose audio nobody has started to upload. */
  static UploadState none() {
    return new UploadState(null, 0, null);
  }

  /** Whether every byte of the audio is in Kafka, its last chunk marked last. */
  public boolean complete() {
    return totalBytes != null && storedBytes == totalBytes;
  }
}
