package io.callstream.ingest.audio;

import java.util.Objects;

/**
 * The grid an audio is cut on: chunk {@code n} holds bytes {@code n * chunkBytes} up to {@code (n +
 * 1) * chunkBytes}, and only the last chunk may be shorter. So an offset names one chunk, and the
 * sequence number of a chunk follows from its offset, whichever PUT or live feed stored it.
 *
 * <p>The grid follows from the audio's media type: raw PCM ({@link PcmFormat}) is cut into one
 * second of audio a chunk, so that transcription starts while a meeting still goes on; anything
 * else into {@value AudioChunker#CHUNK_BYTES} bytes, since a compressed stream cannot be cut at a
 * time anyway. Immutable.
 *
 * @param chunkBytes the size of every chunk but the last, at most {@value AudioChunker#CHUNK_BYTES}
 */
record ChunkGrid(int chunkBytes) {

  /** The grid of encoded audio (Ogg, MP3, WAV, ...). */
  static final ChunkGrid ENCODED = new ChunkGrid(AudioChunker.CHUNK_BYTES);

  ChunkGrid {
    if (chunkBytes <= 0 || chunkBytes > AudioChunker.CHUNK_BYTES) {
      throw new IllegalArgumentException(
          "chunkBytes must be from 1 to " + AudioChunker.CHUNK_BYTES + ", was " + chunkBytes);
    }
  }

  /** The grid of audio of media type {@code contentType}. */
  static ChunkGrid of(String contentType) {
    Objects.requireNonNull(contentType, "contentType must not be null");
    return PcmFormat.parse(contentType)
        .map(format -> new ChunkGrid(format.bytesPerSecond()))
        .orElse(ENCODED);
  }

  /** Whether a chunk starts at {@code offset}. */
  boolean isBoundary(long offset) {
    return offset >= 0 && offset % chunkBytes == 0;
  }

  /** The sequence number of the chunk starting at {@code offset}, a boundary. */
  long sequence(long offset) {
    if (!isBoundary(offset)) {
      throw new IllegalArgumentException(
          "offset must be a multiple of " + chunkBytes + ", was " + offset);
    }
    return offset / chunkBytes;
  }
}
