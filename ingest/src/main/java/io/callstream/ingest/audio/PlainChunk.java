package io.callstream.ingest.audio;

import org.jspecify.annotations.Nullable;

/**
 * A piece of a call's audio, cut but not yet encrypted. It holds its array without copying it (the
 * bytes of a chunk are large and pass through once); nothing writes to the array after the chunk is
 * made.
 *
 * @param sequence position of the chunk in the call's audio, from 0 (see {@link ChunkGrid})
 * @param offset offset of the first byte in the call's audio: a boundary of the audio's grid
 * @param bytes the plaintext, at most {@link AudioChunker#CHUNK_BYTES} long; empty only in the last
 *     chunk of an audio whose end became known after its last byte was stored
 * @param last whether the chunk ends the audio
 * @param total the length of the whole audio, where it is known
 */
record PlainChunk(long sequence, long offset, byte[] bytes, boolean last, @Nullable Long total) {

  /** The chunk that only marks the end of an audio of {@code total} bytes, all stored already. */
  static PlainChunk endOf(ChunkGrid grid, long total) {
    return new PlainChunk(grid.sequence(total), total, new byte[0], true, total);
  }

  PlainChunk {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative, was " + sequence);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, was " + offset);
    }
    if (bytes.length > AudioChunker.CHUNK_BYTES) {
      throw new IllegalArgumentException(
          "bytes must hold at most " + AudioChunker.CHUNK_BYTES + " bytes, held " + bytes.length);
    }
    if (bytes.length == 0 && !last) {
      throw new IllegalArgumentException("only the last chunk may be empty");
    }
  }

  /** Offset just past the chunk's last byte. */
  long end() {
    return offset + bytes.length;
  }
}
