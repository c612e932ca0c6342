package io.callstream.flink.chunk;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Where the next chunk ends, given the buffered segments in sequence order. A pure function of the
 * segments' tokens and speakers, so the {@link Chunker} cuts the same chunks on every replay of the
 * same input.
 *
 * <p>In order of preference, the next chunk is:
 *
 * <ol>
 *   <li>a segment longer than the budget, alone; the segments before it are cut first, as if the
 *       call ended there;
 *   <li>up to the last turn boundary (a change of speaker) at which the chunk holds between half
 *       the budget and the budget;
 *   <li>up to the first turn boundary past the budget, within 1.5 budgets (a turn that runs a
 *       little long stays whole);
 *   <li>up to the last segment boundary within the budget, once 1.5 budgets are buffered without a
 *       turn boundary in reach (a monologue is cut mid-turn).
 * </ol>
 *
 * <p>When the input is complete (the call ended, or went idle), the end of the buffer is a turn
 * boundary too, and whatever fits in the budget is one chunk. So every chunk holds at most 1.5
 * budgets, unless it is one oversize segment.
 */
final class CutRule {

  private final int budget;
  private final int turnLimit;
  private final int overlapTokens;

  private CutRule(ChunkingSettings settings) {
    this.budget = settings.tokenBudget();
    this.turnLimit = settings.turnLimit();
    this.overlapTokens = settings.overlapTokens();
  }

  static CutRule of(ChunkingSettings settings) {
    if (settings == null) {
      throw new IllegalArgumentException("settings must not be null");
    }
    return new CutRule(settings);
  }

  /**
   * How many of the leading {@code segments} make the next chunk, or 0 to wait for more.
   *
   * @param segments buffered segments in sequence order
   * @param complete whether no more segments will follow these (call end, idle gap)
   */
  int nextCut(List<BufferedSegment> segments, boolean complete) {
    int n = segments.size();
    if (n == 0) {
      return 0;
    }
    for (int k = 0; k < n; k++) {
      if (segments.get(k).tokens() > budget) {
        return k == 0 ? 1 : nextCut(segments.subList(0, k), true);
      }
    }
    long[] prefix = new long[n + 1];
    for (int i = 0; i < n; i++) {
      prefix[i + 1] = prefix[i] + segments.get(i).tokens();
    }
    if (prefix[n] < budget || (complete && prefix[n] == budget)) {
      return complete ? n : 0;
    }
    for (int i = n; i >= 1; i--) {
      if (prefix[i] <= budget && 2 * prefix[i] >= budget && turnEndsAt(segments, i, complete)) {
        return i;
      }
    }
    for (int i = 1; i <= n && prefix[i] <= turnLimit; i++) {
      if (prefix[i] > budget && turnEndsAt(segments, i, complete)) {
        return i;
      }
    }
    if (complete || prefix[n] > turnLimit) {
      int i = n;
      while (prefix[i] > budget) {
        i--;
      }
      return i;
    }
    return 0;
  }

  /**
   * The tail of a chunk to repeat before the next one: the last segments within {@code
   * overlapTokens}, and at least the last segment unless it alone is over the budget.
   */
  List<BufferedSegment> overlap(List<BufferedSegment> chunk) {
    Deque<BufferedSegment> tail = new ArrayDeque<>();
    long tokens = 0;
    for (int i = chunk.size() - 1; i >= 0; i--) {
      BufferedSegment segment = chunk.get(i);
      boolean first = tail.isEmpty();
      if (first ? segment.tokens() > budget : tokens + segment.tokens() > overlapTokens) {
        break;
      }
      tail.addFirst(segment);
      tokens += segment.tokens();
    }
    return List.copyOf(tail);
  }

  /** Whether a speaker's turn ends after the first {@code i} segments. */
  private static boolean turnEndsAt(List<BufferedSegment> segments, int i, boolean complete) {
    if (i == segments.size()) {
      return complete;
    }
    return !segments.get(i - 1).speaker().equals(segments.get(i).speaker());
  }
}
