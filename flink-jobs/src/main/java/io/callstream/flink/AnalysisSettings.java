package io.callstream.flink;

import io.callstream.analyzer.dispatch.DispatchSettings;
import io.callstream.analyzer.transcribe.TranscriptionSettings;
import io.callstream.flink.analyze.Plans;
import io.callstream.flink.analyze.RequestSettings;
import io.callstream.flink.chunk.ChunkingSettings;
import io.callstream.flink.crypto.CipherSettings;
import io.callstream.flink.merge.MergeSettings;
import java.io.Serializable;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Everything the analysis job is tuned by. Serializable: it travels inside the operators.
 *
 * @param cipher where the workspace keys are
 * @param chunking token budget, overlap and timing of chunk cuts
 * @param merging how partial mindmaps merge
 * @param plans analyzer, model and rate limit of each plan, and which workspace is on which
 * @param dispatch the provider's concurrency bound, attempts, timeouts and backoff
 * @param queueCapacity chunks the analyze step holds at once; a full queue backpressures the
 *     sources. Fairness between workspaces applies among the chunks held, so it is large.
 * @param chunkTimeout the analyze step's last-resort timeout for a chunk, queueing included
 * @param transcription the speech-to-text server audio calls are transcribed by, or null when none
 *     is configured: audio calls then fail with a reason saying so
 */
public record AnalysisSettings(
    CipherSettings cipher,
    ChunkingSettings chunking,
    MergeSettings merging,
    Plans plans,
    DispatchSettings dispatch,
    int queueCapacity,
    Duration chunkTimeout,
    @Nullable TranscriptionSettings transcription)
    implements Serializable {

  public static final int DEFAULT_QUEUE_CAPACITY = 4_096;
  public static final Duration DEFAULT_CHUNK_TIMEOUT = Duration.ofMinutes(30);

  public AnalysisSettings {
    if (cipher == null
        || chunking == null
        || merging == null
        || plans == null
        || dispatch == null) {
      throw new IllegalArgumentException(
          "cipher, chunking, merging, plans and dispatch must not be null");
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be positive, was " + queueCapacity);
    }
    if (chunkTimeout == null || chunkTimeout.isNegative() || chunkTimeout.isZero()) {
      throw new IllegalArgumentException("chunkTimeout must be positive, was " + chunkTimeout);
    }
  }

  /** What the operators that call providers carry: keys, plans, dispatch, the chunk timeout. */
  public RequestSettings requests() {
    return new RequestSettings(cipher, plans, dispatch, chunkTimeout);
  }

  /** Settings without a transcription server. */
  public AnalysisSettings(
      CipherSettings cipher,
      ChunkingSettings chunking,
      MergeSettings merging,
      Plans plans,
      DispatchSettings dispatch,
      int queueCapacity,
      Duration chunkTimeout) {
    this(cipher, chunking, merging, plans, dispatch, queueCapacity, chunkTimeout, null);
  }

  /** These settings with another dispatcher configuration. */
  public AnalysisSettings withDispatch(DispatchSettings other) {
    return new AnalysisSettings(
        cipher, chunking, merging, plans, other, queueCapacity, chunkTimeout, transcription);
  }

  /** These settings with other chunking. */
  public AnalysisSettings withChunking(ChunkingSettings other) {
    return new AnalysisSettings(
        cipher, other, merging, plans, dispatch, queueCapacity, chunkTimeout, transcription);
  }

  /** These settings with audio transcribed by {@code other}. */
  public AnalysisSettings withTranscription(TranscriptionSettings other) {
    return new AnalysisSettings(
        cipher, chunking, merging, plans, dispatch, queueCapacity, chunkTimeout, other);
  }
}
