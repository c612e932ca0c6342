package io.callstream.query.live;

import io.micrometer.core.instrument.Counter;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * Opens the SSE stream of a scope: the logged events after where the client left off, then the live
 * ones, nothing lost and nothing twice, with comment heartbeats. Thread-safe.
 *
 * <p>Every event's {@code id} is the {@link StreamCursor} after it. The stream subscribes to the
 * live feed before it reads where the scope stands or what it missed, and holds live events in a
 * bounded queue of its own meanwhile; a live event the cursor has passed was in the replay (or came
 * before the stream) and is dropped. When the queue overflows (the client reads too slowly) or the
 * feed is interrupted, the stream ends at once and the client resumes with {@code Last-Event-ID};
 * the feed never waits for it.
 */
final class EventStream {

  private final Function<Scope, Flux<LiveEvent>> live;
  private final EventReplay replay;
  private final SseSettings settings;
  private final Counter overflows;

  /**
   * @param live the live events of a scope, from the moment of subscription; a hot source that
   *     never waits for a subscriber
   * @param replay the logged events
   * @param settings heartbeat, buffer and retry
   * @param overflows counts streams closed because their client fell behind
   */
  EventStream(
      Function<Scope, Flux<LiveEvent>> live,
      EventReplay replay,
      SseSettings settings,
      Counter overflows) {
    this.live = Objects.requireNonNull(live, "live must not be null");
    this.replay = Objects.requireNonNull(replay, "replay must not be null");
    this.settings = Objects.requireNonNull(settings, "settings must not be null");
    this.overflows = Objects.requireNonNull(overflows, "overflows must not be null");
  }

  /**
   * The stream of {@code scope}: after {@code lastEvent} if the client sent one, else from now. It
   * opens with a comment and the reconnection delay, sent once the stream follows live events.
   */
  Flux<ServerSentEvent<String>> open(Scope scope, @Nullable StreamCursor lastEvent) {
    Objects.requireNonNull(scope, "scope must not be null");
    return Flux.defer(
        () -> {
          Sinks.Many<LiveEvent> queue =
              Sinks.many()
                  .unicast()
                  .onBackpressureBuffer(Queues.<LiveEvent>get(settings.buffer()).get());
          Sinks.Empty<Void> ended = Sinks.empty();
          AtomicBoolean overflowed = new AtomicBoolean();
          Disposable.Swap feed = Disposables.swap();
          // subscribed when this returns: whatever is announced from now on reaches the queue
          feed.update(
              live.apply(scope)
                  .subscribe(
                      event -> {
                        if (isFull(queue.tryEmitNext(event))
                            && overflowed.compareAndSet(false, true)) {
                          // the client resumes from the log: it needs no more live events
                          feed.dispose();
                          overflows.increment();
                          ended.tryEmitEmpty();
                        }
                      },
                      failure -> ended.tryEmitEmpty()));
          Mono<StreamCursor> start = lastEvent != null ? Mono.just(lastEvent) : replay.now(scope);
          Flux<ServerSentEvent<String>> events =
              start.flatMapMany(
                  from -> {
                    AtomicReference<StreamCursor> cursor = new AtomicReference<>(from);
                    Flux<LiveEvent> missed =
                        lastEvent != null ? replay.after(scope, from) : Flux.empty();
                    // ends at once on overflow or interruption, whatever is queued
                    Flux<LiveEvent> fresh =
                        Flux.defer(
                            () ->
                                overflowed.get()
                                    ? Flux.<LiveEvent>empty()
                                    : queue.asFlux().takeUntilOther(ended.asMono()));
                    return Flux.concat(missed, fresh)
                        .filter(event -> cursor.get().admits(event.position()))
                        .map(event -> send(event, cursor));
                  });
          Flux<ServerSentEvent<String>> heartbeats =
              Flux.interval(settings.heartbeat())
                  .onBackpressureDrop()
                  .map(tick -> ServerSentEvent.<String>builder().comment("heartbeat").build());
          Sinks.Empty<Void> done = Sinks.empty();
          return Flux.concat(
                  Mono.just(
                      ServerSentEvent.<String>builder()
                          .comment("connected")
                          .retry(settings.retry())
                          .build()),
                  Flux.merge(
                      events.doFinally(signal -> done.tryEmitEmpty()),
                      heartbeats.takeUntilOther(done.asMono())))
              .doFinally(signal -> feed.dispose());
        });
  }

  /**
   * Whether the queue refused an event for want of room: a unicast sink says so with {@code
   * FAIL_ZERO_SUBSCRIBER} before the replay ended and its reader subscribed.
   */
  private static boolean isFull(Sinks.EmitResult result) {
    return result == Sinks.EmitResult.FAIL_OVERFLOW
        || result == Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER;
  }

  private static ServerSentEvent<String> send(
      LiveEvent event, AtomicReference<StreamCursor> cursor) {
    StreamCursor after = cursor.get().after(event.position());
    cursor.set(after);
    return ServerSentEvent.<String>builder()
        .id(after.encode())
        .event(event.type())
        .data(event.data())
        .build();
  }
}
