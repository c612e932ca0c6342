package io.callstream.audio;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Watches the top-level boxes of an MP4/M4A/QuickTime stream go by and tells whether its index
 * ({@code moov}) comes before the samples ({@code mdat}), as in a "faststart" file that can be
 * decoded from a pipe, or after them, so that decoding must wait for the whole file. Reads only box
 * headers; holds 16 bytes. Not thread-safe.
 */
final class Mp4Layout {

  /** What the boxes seen so far say. */
  enum Index {
    UNKNOWN,
    /** {@code moov} before {@code mdat}: streamable. */
    FIRST,
    /** {@code mdat} first, or a box layout that is not plain: needs the whole file. */
    LAST
  }

  private final byte[] header = new byte[16];
  private int headerLength;
  private int headerWanted = 8;
  private long boxStart;
  private long offset;
  private Index index = Index.UNKNOWN;

  Index index() {
    return index;
  }

  /** Takes the next bytes of the stream; returns what is known about the index now. */
  Index accept(byte[] bytes) {
    while (index == Index.UNKNOWN) {
      long next = boxStart + headerLength - offset;
      if (next >= bytes.length) {
        break;
      }
      int n = (int) Math.min(headerWanted - headerLength, bytes.length - next);
      System.arraycopy(bytes, (int) next, header, headerLength, n);
      headerLength += n;
      if (headerLength < headerWanted) {
        break;
      }
      ByteBuffer b = ByteBuffer.wrap(header);
      long size = Integer.toUnsignedLong(b.getInt(0));
      if (size == 1 && headerWanted == 8) {
        headerWanted = 16; // a 64-bit size follows the type
        continue;
      }
      if (size == 1) {
        size = b.getLong(8);
      }
      String type = new String(header, 4, 4, StandardCharsets.ISO_8859_1);
      if (type.equals("moov")) {
        index = Index.FIRST;
      } else if (type.equals("mdat") || size < 8) {
        index = Index.LAST; // size 0 runs to the end of the file; below 8 is corrupt
      } else {
        boxStart += size;
        headerLength = 0;
        headerWanted = 8;
      }
    }
    offset += bytes.length;
    return index;
  }
}
