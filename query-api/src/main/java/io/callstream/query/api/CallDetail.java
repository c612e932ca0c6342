package io.callstream.query.api;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One call with its status, how its analysis ended and where each pipeline stage stands. Immutable.
 *
 * @param analysis null while the analysis has not ended
 * @param progress the latest progress of each stage that reported any, in pipeline order
 */
public record CallDetail(
    String id,
    String title,
    String source,
    String status,
    Instant createdAt,
    @Nullable Instant endedAt,
    @Nullable Long durationMs,
    @Nullable Analysis analysis,
    List<StageProgress> progress) {

  public CallDetail {
    progress = List.copyOf(progress);
  }

  /** How the analysis of a call ended ({@code CallAnalyzed}). */
  public record Analysis(String status, @Nullable String reason, String analyzer, Instant at) {}

  /** The latest progress of one stage. */
  public record StageProgress(
      String stage, long done, long total, @Nullable Long etaMs, Instant at) {}
}
