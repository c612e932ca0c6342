/**
 * Audio groundwork for transcription: {@link io.callstream.audio.WavDecoder} streams WAV/PCM into
 * per-channel float samples, {@link io.callstream.audio.Resampler} brings each channel to 16 kHz,
 * {@link io.callstream.audio.MonoPcmSource} glues both into {@link io.callstream.audio.Pcm} blocks
 * stamped with call time, {@link io.callstream.audio.VoiceActivity} marks speech frames and {@link
 * io.callstream.audio.SilenceChunker} cuts the stream at silences into {@link
 * io.callstream.audio.AudioChunk}s of bounded length.
 *
 * <p>For streams that arrive in pieces (a Flink operator must never wait for input), {@link
 * io.callstream.audio.StreamDecoder} decodes by push: WAV and raw PCM in the JVM, compressed
 * formats in an FFmpeg child process; {@link io.callstream.audio.SpeechCutter} turns its 16 kHz
 * blocks into {@link io.callstream.audio.SpeechChunk}s, one chunker per stereo channel.
 *
 * <p>Everything here is non-null unless marked {@code @Nullable}. Records are immutable and
 * thread-safe; the stateful classes (decoder, resampler, detector, chunker) are not thread-safe and
 * serve one stream each.
 */
@NullMarked
package io.callstream.audio;

import org.jspecify.annotations.NullMarked;
