package io.callstream.audio;

import java.util.Arrays;
import java.util.Objects;

/**
 * A block of 16 kHz mono samples in {@code [-1, 1]}, starting {@code startMs} milliseconds into the
 * call. The samples are copied in and out, so a block is immutable.
 */
public record Pcm(float[] samples, long startMs) {

  /** The one sample rate of this type, in Hz. */
  public static final int SAMPLE_RATE = 16_000;

  /** Checks and copies the samples. */
  public Pcm {
    Objects.requireNonNull(samples, "samples must not be null");
    if (startMs < 0) {
      throw new IllegalArgumentException("startMs must not be negative: " + startMs);
    }
    samples = samples.clone();
  }

  /** A copy of the samples. */
  @Override
  public float[] samples() {
    return samples.clone();
  }

  /** The number of samples. */
  public int length() {
    return samples.length;
  }

  /** Copies the samples into {@code dest} at {@code destPos}, without a temporary copy. */
  public void copyTo(float[] dest, int destPos) {
    System.arraycopy(samples, 0, dest, destPos, samples.length);
  }

  /** The duration of the block in milliseconds (fractional). */
  public double durationMs() {
    return samples.length * 1000.0 / SAMPLE_RATE;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Pcm pcm
        && startMs == pcm.startMs
        && Arrays.equals(samples, pcm.samples);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(samples) + Long.hashCode(startMs);
  }

  @Override
  public String toString() {
    return "Pcm[startMs=" + startMs + ", samples=" + samples.length + "]";
  }
}
