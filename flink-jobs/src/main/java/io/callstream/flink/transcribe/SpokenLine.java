package io.callstream.flink.transcribe;

import io.callstream.core.event.Ciphertext;
import org.jspecify.annotations.Nullable;

/**
 * One segment of a transcribed piece, timed in call time, its text encrypted as {@code
 * Field.TRANSCRIPT_TEXT} for the call.
 *
 * @param speaker the speaker the transcription named, or null
 */
public record SpokenLine(long startMs, long endMs, @Nullable String speaker, Ciphertext text) {}
