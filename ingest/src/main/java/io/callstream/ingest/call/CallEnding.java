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
 * <p>A call with audio is different: the end of its audio is the end of the call, and the
 * transcription job publishes {@link CallEnded} once it has transcribed the audio's last chunk. So
 * for such a call this publishes the audio's last chunk if it is not out yet (see {@link
 * CallAudio}), marks the call ended, and publishes no event.
 *
 * <p>Idempotent: ending an ended call answers what the first end answered and publishes the same
 * event again, with the same id, time and duration. Publishing again is what makes a retry heal an
 * end whose event did not reach Kafka; consumers drop the repetition by its event id.
 */
public final class CallEnding {

  private final CallRepository calls;
  private final EventPublisher events;
  private final CallAudio audio;

  public CallEnding(CallRepository calls, EventPublisher events, CallAudio audio) {
    this.calls = Objects.requireNonNull(calls, "calls must not be null");
    this.events = Objects.requireNonNull(events, "events must not be null");
    this.audio = Objects.requireNonNull(audio, "audio must not be null");
  }

  /**
   * Ends the call; completes once {@link CallEnded} (or, for a call with audio, the audio's last
   * chunk) is in Kafka, or fails with {@link CallNotFoundException}, or with a 409 problem while
   * the call's audio is being written.
   */
  public Mono<EndedCall> end(String workspaceId, String callId) {
    Objects.requireNonNull(workspaceId, "workspaceId must not be null");
    Objects.requireNonNull(callId, "callId must not be null");
    return audio
        .endAudio(workspaceId, callId)
        .flatMap(
            hasAudio ->
                hasAudio
                    ? calls
                        .end(workspaceId, callId)
                        .switchIfEmpty(Mono.error(() -> new CallNotFoundException(callId)))
                    : endAndAnnounce(workspaceId, callId));
  }

  private Mono<EndedCall> endAndAnnounce(String workspaceId, String callId) {
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
