/**
 * Audio groundwork for transcription: {@link io.callstream.audio.WavDecoder} streams WAV/PCM into
 * per-channel float samples, {@link io.callstream.audio.Resampler} brings each channel to 16 kHz,
 * {@link io.callstream.audio.MonoPcmSource} glues both into {@link io.callstream.audio.Pcm} blocks
 * stamped with call time, {@link io.callstream.audio.VoiceActivity} marks speech frames and {@link
 * io.callstream.audio.SilenceChunker} cuts the stream at silences into {@link
 * io.callstream.audio.AudioChunk}s of bounded length.
 *
 * <p>Everything here is non-null unless marked {@code @Nullable}. Records are immutable and
 * thread-safe; the stateful classes (decoder, resampler, detector, chunker) are not thread-safe and
 * serve one stream each.
 */
@NullMarked
package io.callstream.audio;

import org.jspecify.annotations.NullMarked;
