package io.callstream.analyzer.dispatch;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.SynchronizationStrategy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * One workspace's FIFO queue and its rate-limit budget: a request bucket and a token bucket
 * (Bucket4j, greedy refill over a minute), separate because one Bucket4j bucket takes the same
 * amount from all its limits. Not thread-safe: the dispatcher's lock guards it.
 */
final class WorkspaceLane {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final String workspaceId;
  private final Deque<Dispatcher.Request<?>> queue = new ArrayDeque<>();
  private final @Nullable Bucket requests;
  private final @Nullable Bucket tokens;
  private final long tokenCapacity;
  private boolean active;

  WorkspaceLane(String workspaceId, RateLimit limit, TimeMeter time) {
    this.workspaceId = workspaceId;
    this.requests = bucket(limit.requestsPerMinute(), time);
    this.tokens = bucket(limit.tokensPerMinute(), time);
    this.tokenCapacity = limit.tokensPerMinute();
  }

  String workspaceId() {
    return workspaceId;
  }

  Deque<Dispatcher.Request<?>> queue() {
    return queue;
  }

  /** Whether the lane sits in the dispatcher's round-robin ring. */
  boolean active() {
    return active;
  }

  void active(boolean active) {
    this.active = active;
  }

  /** Nanoseconds until the budget allows one request of {@code cost} tokens; 0 when it does now. */
  long nanosUntilAllowed(long cost) {
    long wait = 0;
    if (requests != null) {
      wait = requests.estimateAbilityToConsume(1).getNanosToWaitForRefill();
    }
    long capped = cappedCost(cost);
    if (tokens != null && capped > 0) {
      wait = Math.max(wait, tokens.estimateAbilityToConsume(capped).getNanosToWaitForRefill());
    }
    return wait;
  }

  /**
   * Takes one request of {@code cost} tokens from the budget; call after {@link
   * #nanosUntilAllowed}.
   */
  void consume(long cost) {
    if (requests != null) {
      requests.consumeIgnoringRateLimits(1);
    }
    long capped = cappedCost(cost);
    if (tokens != null && capped > 0) {
      tokens.consumeIgnoringRateLimits(capped);
    }
  }

  /** A request larger than a whole minute's budget still goes, when the bucket is full. */
  private long cappedCost(long cost) {
    return tokenCapacity == 0 ? cost : Math.min(cost, tokenCapacity);
  }

  private static @Nullable Bucket bucket(long perMinute, TimeMeter time) {
    if (perMinute == 0) {
      return null;
    }
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, MINUTE))
        .withCustomTimePrecision(time)
        // The dispatcher's lock already serialises every use.
        .withSynchronizationStrategy(SynchronizationStrategy.NONE)
        .build();
  }
}
