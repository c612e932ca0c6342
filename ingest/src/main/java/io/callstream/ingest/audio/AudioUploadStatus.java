package io.callstream.ingest.audio;

import org.jspecify.annotations.Nullable;

/**
 * Body of the answers to {@code PUT .../audio}: how far the call's audio is.
 *
 * @param callId the call
 * @param contentType media type of the audio, once a PUT set it
 * @param storedBytes bytes durably in Kafka from the start of the audio: where the next PUT starts
 * @param totalBytes length of the whole audio, once known
 * @param complete whether the whole audio is in Kafka
 */
public record AudioUploadStatus(
    String callId,
    @Nullable String contentType,
    long storedBytes,
    @Nullable Long totalBytes,
    boolean complete) {

  static AudioUploadStatus of(String callId, UploadState state) {
    return new AudioUploadStatus(
        callId, state.contentType(), state.storedBytes(), state.totalBytes(), state.complete());
  }
}
