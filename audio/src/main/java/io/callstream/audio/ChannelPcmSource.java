package io.callstream.audio;

import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads a WAV/PCM stream as one 16 kHz {@link Pcm} stream per channel, for recordings that put each
 * speaker on a channel of their own (agent left, customer right): decodes with {@link WavDecoder}
 * and resamples each channel with its own {@link Resampler}, so every channel can go through its
 * own {@link SilenceChunker}.
 *
 * <p>Not thread-safe. Closing the source closes the input stream.
 */
public final class ChannelPcmSource implements AutoCloseable {

  private final WavDecoder decoder;
  private final Resampler[] resamplers;
  private final long callStartMs;
  private long samplesOut;
  private boolean done;

  private ChannelPcmSource(WavDecoder decoder, long callStartMs) {
    this.decoder = decoder;
    this.resamplers = new Resampler[decoder.channels()];
    for (int c = 0; c < resamplers.length; c++) {
      resamplers[c] = Resampler.to16k(decoder.sampleRate());
    }
    this.callStartMs = callStartMs;
  }

  /**
   * A source over {@code in} whose first sample is at {@code callStartMs} in the call.
   *
   * @throws AudioFormatException if the stream cannot be decoded
   */
  public static ChannelPcmSource open(InputStream in, long callStartMs) throws IOException {
    if (callStartMs < 0) {
      throw new IllegalArgumentException("callStartMs must not be negative: " + callStartMs);
    }
    return new ChannelPcmSource(WavDecoder.open(in), callStartMs);
  }

  /** Number of channels, and so of the blocks each {@link #read()} returns. */
  public int channels() {
    return resamplers.length;
  }

  /**
   * The next block of every channel, all with the same start and length, or {@code null} at the end
   * of the stream.
   */
  public Pcm @Nullable [] read() throws IOException {
    while (!done) {
      float[][] block = decoder.read();
      done = block == null;
      Pcm[] out = new Pcm[resamplers.length];
      long startMs = callStartMs + samplesOut * 1000 / Pcm.SAMPLE_RATE;
      for (int c = 0; c < resamplers.length; c++) {
        float[] samples = block == null ? resamplers[c].flush() : resamplers[c].process(block[c]);
        out[c] = new Pcm(samples, startMs);
      }
      if (out[0].length() > 0) {
        samplesOut += out[0].length();
        return out;
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    decoder.close();
  }
}
