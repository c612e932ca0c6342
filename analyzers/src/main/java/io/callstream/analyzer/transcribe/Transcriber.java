package io.callstream.analyzer.transcribe;

import java.util.concurrent.CompletableFuture;

/**
 * Turns one audio chunk into transcript segments timed in call time. Implementations are
 * thread-safe; futures fail with {@link io.callstream.analyzer.AnalyzerException} (its kind says
 * whether a retry can help) or, through a dispatcher, {@link
 * io.callstream.analyzer.dispatch.DispatchException}.
 */
public interface Transcriber extends AutoCloseable {

  CompletableFuture<ChunkTranscript> transcribe(AudioChunk chunk);

  @Override
  void close();
}
