package io.callstream.audio;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.jspecify.annotations.Nullable;

/**
 * Decodes WAV (and the other PCM containers {@link AudioSystem} reads: AIFF, AU) in blocks into
 * per-channel float samples in {@code [-1, 1]}. Reads 8-bit unsigned or signed and 16-, 24- or
 * 32-bit signed integer PCM, either byte order, any number of channels and any sample rate. Only
 * one block is in memory at a time, so a call of any length decodes in constant memory.
 *
 * <p>Not thread-safe. Closing the decoder closes the input stream.
 */
public final class WavDecoder implements AutoCloseable {

  /** Frames per block returned by {@link #read()}: about 0.1 s at 44.1 kHz. */
  public static final int BLOCK_FRAMES = 4096;

  private final AudioInputStream audio;
  private final int channels;
  private final int bytesPerSample;
  private final boolean signed;
  private final boolean bigEndian;
  private final float sampleRate;
  private final byte[] buffer;
  private long framesRead;

  private WavDecoder(AudioInputStream audio, AudioFormat format) {
    this.audio = audio;
    this.channels = format.getChannels();
    this.bytesPerSample = format.getSampleSizeInBits() / 8;
    this.signed = format.getEncoding().equals(AudioFormat.Encoding.PCM_SIGNED);
    this.bigEndian = format.isBigEndian();
    this.sampleRate = format.getSampleRate();
    this.buffer = new byte[BLOCK_FRAMES * channels * bytesPerSample];
  }

  /**
   * Reads the header of {@code in} and returns a decoder positioned at the first sample.
   *
   * @throws AudioFormatException if the bytes are not a readable audio file, or its encoding is not
   *     integer PCM of 8 to 32 bits
   */
  public static WavDecoder open(InputStream in) throws IOException {
    Objects.requireNonNull(in, "in must not be null");
    AudioInputStream audio;
    try {
      // AudioSystem probes readers with mark/reset, so it needs a markable stream.
      audio = AudioSystem.getAudioInputStream(new BufferedInputStream(in));
    } catch (UnsupportedAudioFileException e) {
      in.close();
      throw new AudioFormatException(
          "not a readable WAV/PCM stream (corrupt header or unknown container): " + e.getMessage(),
          e);
    } catch (EOFException e) {
      in.close();
      throw new AudioFormatException("audio stream ends inside its header", e);
    }
    AudioFormat format = audio.getFormat();
    String problem = unsupported(format);
    if (problem != null) {
      audio.close();
      throw new AudioFormatException(problem + "; format was " + format);
    }
    return new WavDecoder(audio, format);
  }

  private static @Nullable String unsupported(AudioFormat format) {
    AudioFormat.Encoding encoding = format.getEncoding();
    if (!encoding.equals(AudioFormat.Encoding.PCM_SIGNED)
        && !encoding.equals(AudioFormat.Encoding.PCM_UNSIGNED)) {
      return "unsupported audio encoding "
          + encoding
          + ": only integer PCM is decoded here (compressed codecs need their own decoder)";
    }
    int bits = format.getSampleSizeInBits();
    if (bits != 8 && bits != 16 && bits != 24 && bits != 32) {
      return "unsupported sample size of " + bits + " bits: expected 8, 16, 24 or 32";
    }
    if (format.getChannels() < 1) {
      return "unsupported channel count " + format.getChannels();
    }
    if (!(format.getSampleRate() > 0)) {
      return "unsupported sample rate " + format.getSampleRate();
    }
    if (format.getFrameSize() != format.getChannels() * bits / 8) {
      return "unsupported frame size " + format.getFrameSize();
    }
    return null;
  }

  /** Samples per second and channel of the input. */
  public int sampleRate() {
    return Math.round(sampleRate);
  }

  /** Number of channels of the input (1 mono, 2 stereo, ...). */
  public int channels() {
    return channels;
  }

  /** Frames (samples per channel) decoded so far. */
  public long framesRead() {
    return framesRead;
  }

  /**
   * The next block as {@code [channel][frame]}, with up to {@link #BLOCK_FRAMES} frames, or {@code
   * null} at the end of the stream. A trailing partial frame of a truncated stream is dropped.
   */
  public float @Nullable [][] read() throws IOException {
    int frameBytes = channels * bytesPerSample;
    int filled = 0;
    while (filled < buffer.length) {
      int n = audio.read(buffer, filled, buffer.length - filled);
      if (n < 0) {
        break;
      }
      filled += n;
    }
    int frames = filled / frameBytes;
    if (frames == 0) {
      return null;
    }
    float[][] out = new float[channels][frames];
    int pos = 0;
    for (int f = 0; f < frames; f++) {
      for (int c = 0; c < channels; c++) {
        out[c][f] = sampleAt(pos);
        pos += bytesPerSample;
      }
    }
    framesRead += frames;
    return out;
  }

  private float sampleAt(int pos) {
    if (bytesPerSample == 1) {
      int v = buffer[pos];
      return signed ? v / 128f : ((v & 0xff) - 128) / 128f;
    }
    long v = 0;
    for (int i = 0; i < bytesPerSample; i++) {
      int b = buffer[pos + (bigEndian ? i : bytesPerSample - 1 - i)] & 0xff;
      v = (v << 8) | b;
    }
    int bits = bytesPerSample * 8;
    if (signed) {
      v = (v << (64 - bits)) >> (64 - bits);
    } else {
      v -= 1L << (bits - 1);
    }
    return (float) (v / (double) (1L << (bits - 1)));
  }

  @Override
  public void close() throws IOException {
    audio.close();
  }
}
