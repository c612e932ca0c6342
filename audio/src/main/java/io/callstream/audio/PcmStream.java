package io.callstream.audio;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns uncompressed sample bytes, arriving in pieces of any size, into 16 kHz blocks {@code
 * float[channel][sample]}: keeps the bytes of a partial frame until the rest arrives and resamples
 * every channel with a {@link Resampler} of its own. Memory is one partial frame plus the
 * resamplers' filter history, however long the stream.
 */
final class PcmStream {

  private final SampleFormat format;
  private final Resampler[] resamplers;
  private final byte[] partial;
  private int partialLength;
  private long framesIn;

  PcmStream(SampleFormat format) {
    this.format = format;
    this.resamplers = new Resampler[format.channels()];
    for (int c = 0; c < resamplers.length; c++) {
      resamplers[c] = Resampler.to16k(format.sampleRate());
    }
    this.partial = new byte[format.frameBytes()];
  }

  SampleFormat format() {
    return format;
  }

  /** Frames (samples per channel) taken in so far, at the input rate. */
  long framesIn() {
    return framesIn;
  }

  /** Bytes of an incomplete last frame held back. */
  int partialBytes() {
    return partialLength;
  }

  /** Takes {@code length} bytes from {@code bytes[offset..]}; returns the block they complete. */
  List<float[][]> accept(byte[] bytes, int offset, int length) {
    int frameBytes = format.frameBytes();
    float @Nullable [][] head = null;
    int pos = offset;
    int end = offset + length;
    if (partialLength > 0) {
      int n = Math.min(frameBytes - partialLength, length);
      System.arraycopy(bytes, pos, partial, partialLength, n);
      partialLength += n;
      pos += n;
      if (partialLength < frameBytes) {
        return List.of();
      }
      head = format.decode(partial, 0, 1);
      partialLength = 0;
    }
    int frames = (end - pos) / frameBytes;
    float[][] body = format.decode(bytes, pos, frames);
    pos += frames * frameBytes;
    partialLength = end - pos;
    System.arraycopy(bytes, pos, partial, 0, partialLength);
    framesIn += frames + (head == null ? 0 : 1);
    return resample(head == null ? body : concat(head, body));
  }

  /** Ends the stream: the resamplers' last samples (a trailing partial frame is dropped). */
  List<float[][]> finish() {
    float[][] out = new float[resamplers.length][];
    for (int c = 0; c < resamplers.length; c++) {
      out[c] = resamplers[c].flush();
    }
    return nonEmpty(out);
  }

  private List<float[][]> resample(float[][] block) {
    float[][] out = new float[resamplers.length][];
    for (int c = 0; c < resamplers.length; c++) {
      out[c] = resamplers[c].process(block[c]);
    }
    return nonEmpty(out);
  }

  private static List<float[][]> nonEmpty(float[][] block) {
    return block[0].length == 0 ? List.of() : List.<float[][]>of(block);
  }

  private static float[][] concat(float[][] a, float[][] b) {
    float[][] out = new float[a.length][];
    for (int c = 0; c < a.length; c++) {
      out[c] = new float[a[c].length + b[c].length];
      System.arraycopy(a[c], 0, out[c], 0, a[c].length);
      System.arraycopy(b[c], 0, out[c], a[c].length, b[c].length);
    }
    return out;
  }
}
