package io.callstream.analyzer.transcribe;

import io.callstream.analyzer.dispatch.Dispatcher;
import java.util.concurrent.CompletableFuture;

/**
 * Runs another transcriber's requests through a {@link Dispatcher}: its capacity, per-workspace
 * turns and rate limits, and retries with backoff or {@code Retry-After}. A transcription counts as
 * one request and no tokens. Futures fail with {@link
 * io.callstream.analyzer.dispatch.DispatchException} saying why. Thread-safe; {@link #close()}
 * closes the delegate, not the dispatcher, which may be shared.
 */
public final class DispatchedTranscriber implements Transcriber {

  private final Transcriber delegate;
  private final Dispatcher dispatcher;

  private DispatchedTranscriber(Transcriber delegate, Dispatcher dispatcher) {
    this.delegate = delegate;
    this.dispatcher = dispatcher;
  }

  public static DispatchedTranscriber of(Transcriber delegate, Dispatcher dispatcher) {
    if (delegate == null) {
      throw new IllegalArgumentException("delegate must not be null");
    }
    if (dispatcher == null) {
      throw new IllegalArgumentException("dispatcher must not be null");
    }
    return new DispatchedTranscriber(delegate, dispatcher);
  }

  @Override
  public CompletableFuture<ChunkTranscript> transcribe(AudioChunk chunk) {
    if (chunk == null) {
      throw new IllegalArgumentException("chunk must not be null");
    }
    return dispatcher.submit(chunk.workspaceId(), 0, () -> delegate.transcribe(chunk));
  }

  @Override
  public void close() {
    delegate.close();
  }
}
