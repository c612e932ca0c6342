/**
 * Transcribing audio chunks: the {@link io.callstream.analyzer.transcribe.Transcriber} contract,
 * the OpenAI audio transcription implementation (OpenAI or any compatible Whisper server by base
 * URL), and a transcriber that runs through the analyzers' {@link
 * io.callstream.analyzer.dispatch.Dispatcher}. Everything is non-null unless marked
 * {@code @Nullable}.
 */
@NullMarked
package io.callstream.analyzer.transcribe;

import org.jspecify.annotations.NullMarked;
