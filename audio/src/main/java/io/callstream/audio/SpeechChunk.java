package io.callstream.audio;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One chunk to transcribe and whose channel it is: the channel index for a stereo call with a
 * speaker per channel (agent and customer), null for mono or mixed-down audio.
 */
public record SpeechChunk(@Nullable Integer channel, AudioChunk chunk) {

  /** Checks the arguments. */
  public SpeechChunk {
    Objects.requireNonNull(chunk, "chunk must not be null");
    if (channel != null && channel < 0) {
      throw new IllegalArgumentException("channel must not be negative: " + channel);
    }
  }
}
