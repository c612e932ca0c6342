package io.callstream.query.results;

import io.callstream.core.event.CallstreamEvent;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The live events of this instance: every result once it is stored in PostgreSQL, and every
 * progress event once the latest progress is kept. The consumers publish; SSE subscribers listen.
 * Thread-safe.
 *
 * <p>Best effort and hot: a subscriber sees only what is published after it subscribed, and a
 * subscriber without demand misses events rather than slowing the consumers or other subscribers
 * (it resumes from PostgreSQL). Subscribers that want a buffer add their own bounded one.
 */
public final class ResultBus {

  private final Sinks.Many<CallstreamEvent> sink = Sinks.many().multicast().directBestEffort();

  private ResultBus() {}

  /** A bus without subscribers. */
  public static ResultBus create() {
    return new ResultBus();
  }

  /** Every live event of {@code workspaceId}, from now on. */
  public Flux<CallstreamEvent> events(String workspaceId) {
    Objects.requireNonNull(workspaceId, "workspaceId must not be null");
    return sink.asFlux().filter(event -> event.workspaceId().equals(workspaceId));
  }

  /** Every live event of one call of {@code workspaceId}, from now on. */
  public Flux<CallstreamEvent> events(String workspaceId, String callId) {
    Objects.requireNonNull(callId, "callId must not be null");
    return events(workspaceId).filter(event -> event.callId().equals(callId));
  }

  /**
   * Hands {@code event} to the current subscribers. Synchronized: the results and the progress
   * consumer publish from threads of their own, and a Reactor sink takes one emitter at a time.
   */
  synchronized void publish(CallstreamEvent event) {
    Objects.requireNonNull(event, "event must not be null");
    // FAIL_ZERO_SUBSCRIBER (nobody listens) and dropped elements for slow subscribers are fine.
    sink.tryEmitNext(event);
  }

  /** Completes every subscriber; the application is stopping. */
  public synchronized void complete() {
    sink.tryEmitComplete();
  }
}
