package io.callstream.flink.chunk;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the {@link Chunker} cuts a call into chunks: shipped with the operator to the task managers.
 *
 * @param tokenBudget the tokens (o200k) a chunk aims for; a chunk is cut when the buffered segments
 *     reach it
 * @param overlapTokens how many tokens of the previous chunk's tail to repeat as context; below the
 *     budget
 * @param idleGap a live call (or one whose source is not known yet) that sends no new segment for
 *     this long cuts what it has buffered, so its findings do not wait for the budget
 * @param endGrace how long to wait, after {@code CallEnded}, for the segment it names as the last
 *     one before finishing with what there is
 * @param abandonAfter a call with no input for this long is finished as if it had ended; longer
 *     than {@code idleGap} and {@code endGrace}
 */
public record ChunkingSettings(
    int tokenBudget, int overlapTokens, Duration idleGap, Duration endGrace, Duration abandonAfter)
    implements Serializable {

  /**
   * 2,000 tokens, 120 tokens of overlap, 20 s idle gap, 30 s end grace, abandoned after 6 h. A
   * request's fixed cost (instructions, line markup and the strict output schema, about 550 tokens)
   * is then near a quarter of the transcript it carries (bench: LiveCallTokensBenchmark). A larger
   * budget costs fewer tokens per transcript token but updates a live call's mindmap less often.
   */
  public static final ChunkingSettings DEFAULTS =
      new ChunkingSettings(
          2_000, 120, Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofHours(6));

  public ChunkingSettings {
    if (tokenBudget <= 0) {
      throw new IllegalArgumentException("tokenBudget must be positive, was " + tokenBudget);
    }
    if (overlapTokens < 0 || overlapTokens >= tokenBudget) {
      throw new IllegalArgumentException(
          "overlapTokens must be at least 0 and below tokenBudget "
              + tokenBudget
              + ", was "
              + overlapTokens);
    }
    positive(idleGap, "idleGap");
    positive(endGrace, "endGrace");
    positive(abandonAfter, "abandonAfter");
    if (abandonAfter.compareTo(idleGap) <= 0 || abandonAfter.compareTo(endGrace) <= 0) {
      throw new IllegalArgumentException(
          "abandonAfter must be longer than idleGap and endGrace, was " + abandonAfter);
    }
  }

  /** The defaults: see {@link #DEFAULTS}. */
  public static ChunkingSettings defaults() {
    return DEFAULTS;
  }

  /** These settings with another token budget and overlap. */
  public ChunkingSettings withTokens(int tokenBudget, int overlapTokens) {
    return new ChunkingSettings(tokenBudget, overlapTokens, idleGap, endGrace, abandonAfter);
  }

  /** The tokens a chunk may reach when a speaker's turn runs past the budget: 1.5 budgets. */
  public int turnLimit() {
    return tokenBudget + tokenBudget / 2;
  }

  private static void positive(Duration duration, String name) {
    if (duration == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
  }
}
