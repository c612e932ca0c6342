package io.callstream.ingest.audio;

import org.jspecify.annotations.Nullable;

/**
 * What one PUT says about the bytes of its body, from its {@code Content-Range} and {@code
 * Content-Length}.
 *
 * @param start offset in the audio of the body's first byte
 * @param end offset just past the body's last byte, where the PUT declares it
 * @param total length of the whole audio, where the PUT declares it
 * @param endsAudio whether the body ends the audio: a PUT without {@code Content-Range} carries the
 *     whole audio, so the end of its body is the end of the audio even when no length was sent
 */
record UploadPart(long start, @Nullable Long end, @Nullable Long total, boolean endsAudio) {

  UploadPart {
    if (start < 0) {
      throw new IllegalArgumentException("start must not be negative, was " + start);
    }
    if (end != null && end <= start) {
      throw new IllegalArgumentException("end must be after start " + start + ", was " + end);
    }
    if (total != null && end != null && end > total) {
      throw new IllegalArgumentException(
          "end " + end + " must not be past the audio's length " + total);
    }
  }

  /**
   * A PUT without {@code Content-Range}: the whole audio.
   *
   * @param contentLength the body's {@code Content-Length}, or -1 if it has none (chunked)
   * @throws IllegalArgumentException if the body is declared empty
   */
  static UploadPart whole(long contentLength) {
    if (contentLength == 0) {
      throw new IllegalArgumentException("the audio is empty: send its bytes as the body");
    }
    Long length = contentLength < 0 ? null : contentLength;
    return new UploadPart(0, length, length, true);
  }

  /**
   * The frames of a live feed: bytes from {@code start} on, of an audio whose length is not known
   * until the feed ends it.
   */
  static UploadPart live(long start) {
    return new UploadPart(start, null, null, false);
  }

  /**
   * A PUT with {@code Content-Range: bytes FIRST-LAST/...}.
   *
   * @param contentLength the body's {@code Content-Length}, or -1 if it has none (chunked)
   * @throws IllegalArgumentException if the range is a status query or {@code Content-Length}
   *     disagrees with it
   */
  static UploadPart of(ContentRange range, long contentLength) {
    if (range.isStatusQuery()) {
      throw new IllegalArgumentException("a status query carries no bytes");
    }
    long start = range.first();
    long end = range.last() + 1;
    if (contentLength >= 0 && contentLength != end - start) {
      throw new IllegalArgumentException(
          "Content-Length is "
              + contentLength
              + " but Content-Range 'bytes "
              + range.first()
              + "-"
              + range.last()
              + "/...' announces "
              + (end - start)
              + " bytes");
    }
    return new UploadPart(start, end, range.total(), false);
  }
}
