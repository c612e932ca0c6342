package io.callstream.ingest.audio;

import org.springframework.http.HttpHeaders;

/**
 * The headers that tell a client how far its upload is, on every answer about the audio.
 *
 * <ul>
 *   <li>{@code Upload-Offset: N}: the number of bytes stored, which is where the next PUT starts
 *       (the header of the IETF draft for resumable uploads), always sent;
 *   <li>{@code Range: bytes=0-(N-1)}: the same as Google's resumable uploads say it, sent once at
 *       least one byte is stored;
 *   <li>{@code Upload-Length: TOTAL}: the length of the whole audio, once known.
 * </ul>
 */
final class UploadHeaders {

  static final String UPLOAD_OFFSET = "Upload-Offset";
  static final String UPLOAD_LENGTH = "Upload-Length";

  private UploadHeaders() {}

  /** Sets the headers for {@code state} on {@code headers}. */
  static void describe(HttpHeaders headers, UploadState state) {
    headers.set(UPLOAD_OFFSET, Long.toString(state.storedBytes()));
    if (state.storedBytes() > 0) {
      headers.set(HttpHeaders.RANGE, "bytes=0-" + (state.storedBytes() - 1));
    }
    if (state.totalBytes() != null) {
      headers.set(UPLOAD_LENGTH, Long.toString(state.totalBytes()));
    }
    headers.setCacheControl("no-store");
  }
}
