package io.callstream.analyzer.dispatch;

import java.util.Map;

/**
 * A snapshot of what a {@link Dispatcher} has done and holds, for metrics, logs and tests.
 *
 * @param submitted requests accepted by {@code submit}
 * @param succeeded requests completed with a result
 * @param failed requests completed with a {@link DispatchException} (closing included)
 * @param attempts attempts started
 * @param retries retries scheduled
 * @param rateLimitedAnswers attempts the provider answered with 429
 * @param timeouts attempts cancelled after the attempt timeout
 * @param inFlight attempts running now
 * @param queued requests waiting for their turn, a permit or rate-limit budget
 * @param waitingToRetry requests waiting out a backoff or {@code Retry-After}
 * @param queuedByWorkspace {@code queued} per workspace, only workspaces with requests waiting
 */
public record DispatchStats(
    long submitted,
    long succeeded,
    long failed,
    long attempts,
    long retries,
    long rateLimitedAnswers,
    long timeouts,
    int inFlight,
    int queued,
    int waitingToRetry,
    Map<String, Integer> queuedByWorkspace) {

  public DispatchStats {
    queuedByWorkspace = Map.copyOf(queuedByWorkspace);
  }
}
