package io.callstream.ingest.audio;

import io.callstream.ingest.audio.AudioBodyException.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * Cuts the body of one PUT, or the frames of one live feed, into {@link PlainChunk}s on the grid of
 * the audio's media type ({@link ChunkGrid}): chunk {@code n} holds bytes {@code n * chunkBytes} up
 * to {@code (n + 1) * chunkBytes} of the call's audio, and only the last chunk of the audio may be
 * shorter. Because of the grid, an offset names one chunk and one content, whichever PUT carried
 * it: a chunk sent again after an interruption is the same event.
 *
 * <p>It copies the bytes of each buffer it is given into the chunk being filled and releases the
 * buffer at once, so it holds at most one chunk, however long the body. A chunk comes out as soon
 * as its last byte arrives, except in a whole upload with no {@code Content-Length}: there a full
 * chunk waits for the next byte or the end of the body, which tell whether it is the last. (A range
 * of an audio whose length is not known yet, {@code bytes FIRST-LAST/*}, never ends the audio: a
 * later {@code bytes *}{@code /TOTAL} does, see {@link AudioUploads#query}; a live feed is such a
 * range, ended by {@link #endHere()}.)
 *
 * <p>Bytes at the end of a body that do not fill a chunk and do not end the audio are not stored
 * (see {@link #finish()}); the next PUT sends them again.
 *
 * <p>Not thread-safe: one per request, fed by the serial signals of one subscription.
 */
final class AudioChunker {

  /** The size of every chunk but the last of an encoded audio, and the largest chunk: 512 KiB. */
  static final int CHUNK_BYTES = 512 * 1024;

  private final UploadPart part;
  private final ChunkGrid grid;
  private final long limit;
  private final @Nullable Long total;

  /** Offset in the audio of {@code chunk[0]}. */
  private long offset;

  private byte @Nullable [] chunk;
  private int filled;

  /**
   * A chunker for the body of {@code part}.
   *
   * @param grid the grid of the audio's media type
   * @param storedTotal the audio's length as an earlier PUT declared it, if any
   * @param limit the largest audio allowed, in bytes
   */
  AudioChunker(UploadPart part, ChunkGrid grid, @Nullable Long storedTotal, long limit) {
    Objects.requireNonNull(part, "part must not be null");
    Objects.requireNonNull(grid, "grid must not be null");
    if (!grid.isBoundary(part.start())) {
      throw new IllegalArgumentException(
          "part must start on a chunk boundary (a multiple of "
              + grid.chunkBytes()
              + "), started at "
              + part.start());
    }
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
    this.part = part;
    this.grid = grid;
    this.limit = limit;
    this.total = part.total() != null ? part.total() : storedTotal;
    if (total != null && part.end() != null && part.end() > total) {
      throw new IllegalArgumentException(
          "part must end within the audio's " + total + " bytes, ended at " + part.end());
    }
    this.offset = part.start();
  }

  /**
   * Takes the bytes of {@code data} and releases it; answers the chunks they completed, in order
   * (mostly none, one when a chunk fills up).
   *
   * @throws AudioBodyException if the body runs past the end its PUT declared or past the limit
   */
  List<PlainChunk> accept(DataBuffer data) {
    try {
      int remaining = data.readableByteCount();
      if (remaining == 0) {
        return List.of();
      }
      long received = position() + remaining;
      Long declaredEnd = part.end();
      if (declaredEnd != null && received > declaredEnd) {
        throw new AudioBodyException(
            Kind.LONGER_THAN_DECLARED,
            "the body holds more than the "
                + (declaredEnd - part.start())
                + " bytes its Content-Range or Content-Length announced");
      }
      if (total != null && received > total) {
        throw new AudioBodyException(
            Kind.LONGER_THAN_DECLARED, "the body runs past the audio's length of " + total);
      }
      if (received > limit) {
        throw new AudioBodyException(
            Kind.TOO_LARGE, "the audio is larger than the limit of " + limit + " bytes");
      }
      List<PlainChunk> completed = List.of();
      while (remaining > 0) {
        if (chunk != null && filled == chunk.length) {
          // a full chunk of a whole upload of unknown length: this byte says it was not the last
          completed = append(completed, take(false));
        }
        if (chunk == null) {
          chunk = new byte[capacity()];
        }
        int count = Math.min(remaining, chunk.length - filled);
        data.read(chunk, filled, count);
        filled += count;
        remaining -= count;
        if (filled == chunk.length && (total != null || !part.endsAudio())) {
          completed = append(completed, take(total != null && position() == total));
        }
      }
      return completed;
    } finally {
      DataBufferUtils.release(data);
    }
  }

  /**
   * Ends the body; answers the chunk it completed, if any.
   *
   * <p>If the body ends the audio (a PUT without {@code Content-Range}), the bytes held are the
   * audio's last chunk. Otherwise bytes that do not fill a chunk are dropped: they are not
   * acknowledged, the stored offset stays at the chunk's start, and the client's next PUT starts
   * there. Publishing them as a short chunk instead would shift every later chunk off the grid, and
   * if Kafka took the short chunk but its offset was not stored (the PUT broke off in between), the
   * retry would send a longer chunk at the same offset under the same event id: consumers, which
   * drop repeated ids, would lose the difference.
   *
   * @throws AudioBodyException if the body ended before the end its PUT declared, or a whole upload
   *     had no bytes
   */
  List<PlainChunk> finish() {
    long received = position();
    Long declaredEnd = part.end();
    if (declaredEnd != null && received < declaredEnd) {
      throw new AudioBodyException(
          Kind.SHORTER_THAN_DECLARED,
          "the body ended after "
              + (received - part.start())
              + " bytes, but its Content-Range or Content-Length announced "
              + (declaredEnd - part.start()));
    }
    if (!part.endsAudio()) {
      return List.of();
    }
    if (received == 0) {
      throw new AudioBodyException(Kind.EMPTY, "the audio is empty: send its bytes as the body");
    }
    if (chunk == null) {
      // the audio's length was known and its last chunk is out already
      return List.of();
    }
    if (filled < chunk.length) {
      chunk = Arrays.copyOf(chunk, filled);
    }
    return List.of(take(true));
  }

  /**
   * Ends the audio at the last byte received, as the end of a live feed does: the bytes held, which
   * do not fill a chunk, become the audio's last chunk, an empty one if none are held.
   *
   * @throws IllegalStateException if the part has a declared end, or ends the audio by itself
   */
  PlainChunk endHere() {
    if (part.end() != null || total != null || part.endsAudio()) {
      throw new IllegalStateException("only an audio of unknown length can be ended here");
    }
    byte[] held = chunk == null ? new byte[0] : Arrays.copyOf(chunk, filled);
    chunk = held;
    filled = held.length;
    return take(true);
  }

  /** Offset in the audio just past the last byte received. */
  long position() {
    return offset + filled;
  }

  private int capacity() {
    int chunkBytes = grid.chunkBytes();
    return total == null ? chunkBytes : (int) Math.min(chunkBytes, total - offset);
  }

  private PlainChunk take(boolean last) {
    byte[] bytes = Objects.requireNonNull(chunk);
    Long knownTotal = last ? Long.valueOf(position()) : total;
    PlainChunk taken = new PlainChunk(grid.sequence(offset), offset, bytes, last, knownTotal);
    offset += filled;
    chunk = null;
    filled = 0;
    return taken;
  }

  private static List<PlainChunk> append(List<PlainChunk> chunks, PlainChunk chunk) {
    if (chunks.isEmpty()) {
      return List.of(chunk);
    }
    List<PlainChunk> more = new ArrayList<>(chunks);
    more.add(chunk);
    return more;
  }
}
