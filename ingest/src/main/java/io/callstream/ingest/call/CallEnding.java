package io.callstream.ingest.call;

import io.callstream.core.event.CallEnded;
import io.callstream.core.id.Ids;
import io.callstream.ingest.kafka.EventPublisher;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Ends calls: marks the call ended in PostgreSQL, from which moment the segment intake turns its
 * segments away, and publishes {@link CallEnded} on the calls topic. Thread-safe.
 *
 * <p>Idempotent: ending an ended call answers what the first end answered and publishes the same
 * event again, with the same id, time and duration. Publishing again is what makes a retry heal an
 * end whose event did not reach Kafka; consumers drop the repetition by its event id.
 */
public final class CallEnding {

  private final CallRepository calls;
  private final EventPublisher events;

  public CallEnding(CallRepository calls, EventPublisher events) {
    this.calls = Objects.requireNonNull(calls, "calls must not be null");
    this.events = Objects.requireNonNull(events, "events must not be null");
  }

  /**
   * Ends the call; completes once {@link CallEnded} is in Kafka, or fails with {@link
   * CallNotFoundException}.
   */
  public Mono<EndedCall> end(String workspaceId, String callId) {
    Objects.requireNonNull(workspaceId, "workspaceId must not be null");
    Objects.requireNonNull(callId, "callId must not be null");
    return calls
        .end(workspaceId, callId)
        .switchIfEmpty(Mono.error(() -> new CallNotFoundException(callId)))
        .flatMap(
            ended ->
                events
                    .publish(
                        new CallEnded(
                            Ids.deterministic("call-ended", callId),
                            workspaceId,
                            callId,
                            ended.endedAt(),
                            ended.durationMs(),
                            ended.lastSequence()))
                    .thenReturn(ended));
  }
}
