package io.callstream.analyzer.transcribe;

import org.jspecify.annotations.Nullable;

/**
 * One transcribed stretch of speech, timed in call time (milliseconds from the call's start).
 *
 * @param text what was said, stripped
 * @param startMs where it starts in the call
 * @param endMs where it ends in the call, not before {@code startMs}
 * @param speaker the speaker the transcription response named, when it named one
 */
public record TranscribedSegment(String text, long startMs, long endMs, @Nullable String speaker) {

  public TranscribedSegment {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    if (startMs < 0) {
      throw new IllegalArgumentException("startMs must not be negative, was " + startMs);
    }
    if (endMs < startMs) {
      throw new IllegalArgumentException(
          "endMs must not be before startMs, was " + endMs + " < " + startMs);
    }
  }
}
