package io.callstream.query.results;

import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.event.CallEnded;
import io.micrometer.core.instrument.Counter;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Takes a call's length from {@link CallEnded} on {@code callstream.calls.v1} into {@code calls},
 * within the batch's transaction, each event in its own workspace's {@link WorkspaceScope}. For an
 * audio call, ingest can only guess the length from the wall clock when the upload ends; the
 * transcription job knows how long the audio is, and says so in the event. Thread-safe.
 *
 * <p>The event also marks the call ended (ended then, unless ingest saw it end before): should it
 * overtake ingest's own end, ingest then finds the call ended and keeps the event's length rather
 * than writing its guess over it. Idempotent: the row takes the event's length and status, and an
 * end time only if it has none, so applying an event again changes nothing.
 *
 * <p>Other events of the topic ({@code CallStarted}, {@code CallDeleted}) are not this writer's and
 * are ignored; tombstones never reach it. An event of a call that {@code calls} does not hold is
 * skipped with a warning and counted. A call's end is not a live event: the live feed carries
 * results, transcripts and progress only, so this writer emits nothing.
 */
final class CallEndWriter implements BatchWriter {

  private static final Logger LOG = LoggerFactory.getLogger(CallEndWriter.class);

  private static final String END =
      """
      update calls
      set duration_ms = :durationMs, status = 'ended', ended_at = coalesce(ended_at, :occurredAt)
      where workspace_id = :workspaceId and id = :callId
      """;

  private final DatabaseClient db;
  private final WorkspaceScope scope;
  private final Counter unknownCalls;

  CallEndWriter(DatabaseClient db, WorkspaceScope scope, Counter unknownCalls) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
    this.unknownCalls = Objects.requireNonNull(unknownCalls, "unknownCalls must not be null");
  }

  @Override
  public Flux<ConsumedEvent> write(List<ConsumedEvent> batch) {
    return Flux.fromIterable(batch).concatMap(this::apply).thenMany(Flux.empty());
  }

  private Mono<Void> apply(ConsumedEvent consumed) {
    if (!(consumed.event() instanceof CallEnded ended)) {
      LOG.debug(
          "ignored {} {}: not a call's end",
          consumed.event().type().ceType(),
          consumed.event().eventId());
      return Mono.empty();
    }
    return db.sql(END)
        .bind("workspaceId", ended.workspaceId())
        .bind("callId", ended.callId())
        .bind("durationMs", ended.durationMs())
        .bind("occurredAt", ended.occurredAt())
        .fetch()
        .rowsUpdated()
        .as(updated -> scope.mono(ended.workspaceId(), updated))
        .doOnNext(
            updated -> {
              if (updated == 0) {
                unknownCalls.increment();
                LOG.warn(
                    "skipped the end {} at {}-{}@{}: workspace {} has no call {}",
                    ended.eventId(),
                    consumed.topic(),
                    consumed.partition(),
                    consumed.offset(),
                    ended.workspaceId(),
                    ended.callId());
              }
            })
        .then();
  }
}
