package io.callstream.audio;

import java.util.Arrays;
import java.util.Objects;

/**
 * A piece of a call cut at silences for transcription: 16 kHz mono samples from {@code startMs} to
 * {@code endMs} of the call. {@link #toCallMs(double)} maps a timestamp relative to the chunk (as a
 * transcription API returns it) back to call time.
 */
public record AudioChunk(float[] samples, long startMs, long endMs) {

  /** Checks and copies the samples. */
  public AudioChunk {
    Objects.requireNonNull(samples, "samples must not be null");
    if (startMs < 0 || endMs < startMs) {
      throw new IllegalArgumentException(
          "need 0 <= startMs <= endMs, got startMs=" + startMs + ", endMs=" + endMs);
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

  /** The length of the chunk in milliseconds. */
  public long durationMs() {
    return endMs - startMs;
  }

  /** Call time in milliseconds of a timestamp given in milliseconds from the chunk's start. */
  public long toCallMs(double chunkRelativeMs) {
    if (chunkRelativeMs < 0) {
      throw new IllegalArgumentException(
          "chunkRelativeMs must not be negative: " + chunkRelativeMs);
    }
    return startMs + Math.round(chunkRelativeMs);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AudioChunk chunk
        && startMs == chunk.startMs
        && endMs == chunk.endMs
        && Arrays.equals(samples, chunk.samples);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(samples), startMs, endMs);
  }

  @Override
  public String toString() {
    return "AudioChunk[startMs=" + startMs + ", endMs=" + endMs + "]";
  }
}
