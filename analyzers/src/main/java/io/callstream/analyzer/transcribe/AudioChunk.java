package io.callstream.analyzer.transcribe;

import java.util.Arrays;

/**
 * One chunk of a call's audio to transcribe: 16 kHz mono 16-bit little-endian PCM, and where it
 * starts in the call. Immutable: the samples are copied in and out.
 *
 * @param workspaceId the call's workspace, whose rate limit the transcription counts against
 * @param callId the call
 * @param startMs where the chunk starts in the call, in milliseconds
 * @param pcm the samples, an even number of bytes, at least one sample
 */
public record AudioChunk(String workspaceId, String callId, long startMs, byte[] pcm) {

  /** Samples per second. */
  public static final int SAMPLE_RATE = 16_000;

  /** Bytes per second of audio. */
  public static final int BYTES_PER_SECOND = SAMPLE_RATE * 2;

  public AudioChunk {
    if (workspaceId == null || workspaceId.isBlank()) {
      throw new IllegalArgumentException("workspaceId must not be blank");
    }
    if (callId == null || callId.isBlank()) {
      throw new IllegalArgumentException("callId must not be blank");
    }
    if (startMs < 0) {
      throw new IllegalArgumentException("startMs must not be negative, was " + startMs);
    }
    if (pcm == null || pcm.length == 0) {
      throw new IllegalArgumentException("pcm must not be empty");
    }
    if (pcm.length % 2 != 0) {
      throw new IllegalArgumentException("pcm must hold whole 16-bit samples, had " + pcm.length);
    }
    pcm = pcm.clone();
  }

  public static AudioChunk of(String workspaceId, String callId, long startMs, byte[] pcm) {
    return new AudioChunk(workspaceId, callId, startMs, pcm);
  }

  @Override
  public byte[] pcm() {
    return pcm.clone();
  }

  /** The chunk's length in milliseconds. */
  public long durationMs() {
    return pcm.length * 1000L / BYTES_PER_SECOND;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AudioChunk that
        && startMs == that.startMs
        && workspaceId.equals(that.workspaceId)
        && callId.equals(that.callId)
        && Arrays.equals(pcm, that.pcm);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * workspaceId.hashCode() + callId.hashCode()) + Long.hashCode(startMs))
        + Arrays.hashCode(pcm);
  }

  @Override
  public String toString() {
    return "AudioChunk[workspaceId="
        + workspaceId
        + ", callId="
        + callId
        + ", startMs="
        + startMs
        + ", bytes="
        + pcm.length
        + "]";
  }
}
