package io.callstream.analyzer;

import java.util.concurrent.CompletableFuture;

/**
 * Turns transcript chunks into partial mindmaps and insights, and a whole call's findings into a
 * summary. Implementations are thread-safe and asynchronous: they never block the caller's thread.
 *
 * <p>A future fails with {@link AnalyzerException}, whose kind says whether trying again can help.
 * Retrying, rate limits and concurrency bounds are not the analyzer's business: {@code
 * io.callstream.analyzer.dispatch} wraps every call.
 */
public interface Analyzer extends AutoCloseable {

  /**
   * Short name written into every result event it contributed to: {@code openai}, {@code local}.
   */
  String name();

  CompletableFuture<ChunkFindings> analyze(ChunkRequest chunk);

  CompletableFuture<Synthesis> synthesize(SynthesisRequest call);

  @Override
  void close();
}
