package io.callstream.audio;

import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads a WAV/PCM stream as consecutive 16 kHz mono {@link Pcm} blocks stamped with call time:
 * decodes with {@link WavDecoder}, averages the channels and resamples with {@link Resampler}. For
 * stereo speaker separation use a decoder and one resampler per channel instead.
 *
 * <p>Not thread-safe. Closing the source closes the input stream.
 */
public final class MonoPcmSource implements AutoCloseable {

  private final WavDecoder decoder;
  private final Resampler resampler;
  private final long callStartMs;
  private long samplesOut;
  private boolean done;

  private MonoPcmSource(WavDecoder decoder, long callStartMs) {
    this.decoder = decoder;
    this.resampler = Resampler.to16k(decoder.sampleRate());
    this.callStartMs = callStartMs;
  }

  /**
   * A source over {@code in} whose first sample is at {@code callStartMs} in the call.
   *
   * @throws AudioFormatException if the stream cannot be decoded
   */
  public static MonoPcmSource open(InputStream in, long callStartMs) throws IOException {
    if (callStartMs < 0) {
      throw new IllegalArgumentException("callStartMs must not be negative: " + callStartMs);
    }
    return new MonoPcmSource(WavDecoder.open(in), callStartMs);
  }

  /** The next block, or {@code null} at the end of the stream. Blocks may be empty. */
  public @Nullable Pcm read() throws IOException {
    while (!done) {
      float[][] block = decoder.read();
      float[] out = block == null ? resampler.flush() : resampler.process(mix(block));
      if (block == null) {
        done = true;
      }
      if (out.length > 0) {
        Pcm pcm = new Pcm(out, callStartMs + samplesOut * 1000 / Pcm.SAMPLE_RATE);
        samplesOut += out.length;
        return pcm;
      }
    }
    return null;
  }

  private static float[] mix(float[][] channels) {
    if (channels.length == 1) {
      return channels[0];
    }
    float[] mono = new float[channels[0].length];
    for (float[] channel : channels) {
      for (int i = 0; i < mono.length; i++) {
        mono[i] += channel[i];
      }
    }
    for (int i = 0; i < mono.length; i++) {
      mono[i] /= channels.length;
    }
    return mono;
  }

  @Override
  public void close() throws IOException {
    decoder.close();
  }
}
