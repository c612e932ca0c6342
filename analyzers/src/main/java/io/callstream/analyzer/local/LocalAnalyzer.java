package io.callstream.analyzer.local;

import io.callstream.analyzer.Analyzer;
import io.callstream.analyzer.AnalyzerException;
import io.callstream.analyzer.ChunkFindings;
import io.callstream.analyzer.ChunkRequest;
import io.callstream.analyzer.Synthesis;
import io.callstream.analyzer.SynthesisRequest;
import io.callstream.analyzer.TokenUsage;
import io.callstream.analyzer.TranscriptLine;
import io.callstream.core.token.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@code local} analyzer: works offline, with no key and no network. A chunk's lines are cut
 * into topics by sentence embeddings ({@link TopicSegmenter}); each topic becomes a branch labelled
 * by its key phrases with its most central sentences as key points; English rules find action
 * items, decisions, open questions, objections, risks and next steps. Everything it reports is
 * copied from the transcript and cites the lines it came from. The synthesis is extractive too.
 *
 * <p>Thread-safe. Work runs on a bounded pool, one core per chunk; the embedding model is loaded
 * once per JVM, on first use. Usage reports the tokens read and no requests.
 */
public final class LocalAnalyzer implements Analyzer {

  /** The name written into every event this analyzer contributed to. */
  public static final String NAME = "local";

  private final Executor executor;
  private final @Nullable ExecutorService ownedPool;
  private final TopicSegmenter segmenter;
  private final InsightDetector detector = new InsightDetector();

  private LocalAnalyzer(Executor executor, @Nullable ExecutorService ownedPool) {
    this.executor = executor;
    this.ownedPool = ownedPool;
    this.segmenter = TopicSegmenter.create();
  }

  /** An analyzer with its own pool of one thread per available core. */
  public static LocalAnalyzer create() {
    return create(Runtime.getRuntime().availableProcessors());
  }

  /** An analyzer with its own pool of {@code threads} threads; {@link #close()} shuts it down. */
  public static LocalAnalyzer create(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "local-analyzer-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    return new LocalAnalyzer(pool, pool);
  }

  /** An analyzer that runs on the caller's executor, which the caller bounds and shuts down. */
  public static LocalAnalyzer using(Executor executor) {
    if (executor == null) {
      throw new IllegalArgumentException("executor must not be null");
    }
    return new LocalAnalyzer(executor, null);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompletableFuture<ChunkFindings> analyze(ChunkRequest chunk) {
    if (chunk == null) {
      throw new IllegalArgumentException("chunk must not be null");
    }
    return run(() -> analyzeNow(chunk));
  }

  @Override
  public CompletableFuture<Synthesis> synthesize(SynthesisRequest call) {
    if (call == null) {
      throw new IllegalArgumentException("call must not be null");
    }
    return run(() -> ExtractiveSynthesis.of(call));
  }

  /** Shuts down the pool this analyzer owns, letting queued work finish; a no-op otherwise. */
  @Override
  public void close() {
    if (ownedPool != null) {
      ownedPool.shutdown();
    }
  }

  /** The analysis itself, on the calling thread. */
  ChunkFindings analyzeNow(ChunkRequest chunk) {
    List<TranscriptLine> all = new ArrayList<>(chunk.context());
    all.addAll(chunk.lines());
    Segmentation segmentation = segmenter.segment(all);
    long tokens = 0;
    for (TranscriptLine line : all) {
      tokens += TokenCounter.o200k().count(line.text());
    }
    return new ChunkFindings(
        TopicBranches.of(segmentation, chunk.context().size()),
        detector.find(chunk.lines()),
        new TokenUsage(tokens, 0, 0));
  }

  private <T> CompletableFuture<T> run(Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            try {
              result.complete(work.get());
            } catch (RuntimeException | LinkageError e) {
              // Local analysis is deterministic: what failed once fails again.
              result.completeExceptionally(
                  new AnalyzerException(
                      AnalyzerException.Kind.REJECTED, "local analysis failed: " + e, null, e));
            }
          });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(
          new AnalyzerException(
              AnalyzerException.Kind.UNAVAILABLE, "the local analyzer is closed", null, e));
    }
    return result;
  }
}
