package io.callstream.query.live;

import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.EventJson;
import io.callstream.query.results.LiveEvent;
import io.callstream.query.results.ResultBus;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>Every event's {@code id} is a position in the event log. A result's is its own; a progress
 * event, which is not logged, carries the position of the last result the stream sent (or where it
 * started), so resuming after it neither skips nor repeats a result; progress itself is not
 * replayed (the latest is kept per call).
 *
 * <p>The stream subscribes to the live bus before it reads the log, and holds live events in a
 * bounded queue of its own meanwhile; a live event at or below the last position sent was in the
 * replay and is dropped. When the queue overflows (the client reads too slowly) the stream ends at
 * once, and the client resumes with {@code Last-Event-ID}; the bus never waits for it.
 */
final class EventStream {

  private final Function<Scope, Flux<LiveEvent>> live;
  private final EventLog log;
  private final SseSettings settings;
  private final Counter overflows;

  /**
   * @param live the live events of a scope, from the moment of subscription; a hot source that
   *     never waits for a subscriber
   * @param log the stored events
   * @param settings heartbeat and buffer
   * @param overflows counts streams closed because their client fell behind
   */
  EventStream(
      Function<Scope, Flux<LiveEvent>> live,
      EventLog log,
      SseSettings settings,
      Counter overflows) {
    this.live = Objects.requireNonNull(live, "live must not be null");
    this.log = Objects.requireNonNull(log, "log must not be null");
    this.settings = Objects.requireNonNull(settings, "settings must not be null");
    this.overflows = Objects.requireNonNull(overflows, "overflows must not be null");
  }

  /**
   * The stream of {@code scope}: after {@code lastEventId} if the client sent one, else from now.
   * It opens with a comment, sent once the stream listens to live events.
   */
  Flux<ServerSentEvent<String>> open(Scope scope, @Nullable Long lastEventId) {
    Objects.requireNonNull(scope, "scope must not be null");
    return Flux.defer(
        () -> {
          Sinks.Many<LiveEvent> queue =
              Sinks.many()
                  .unicast()
                  .onBackpressureBuffer(Queues.<LiveEvent>get(settings.buffer()).get());
          Sinks.One<Boolean> overflowed = Sinks.one();
          AtomicBoolean hasOverflowed = new AtomicBoolean();
          Disposable.Swap feed = Disposables.swap();
          // subscribed when this returns: whatever is stored from now on reaches the queue
          feed.update(
              live.apply(scope)
                  .subscribe(
                      event -> {
                        if (isFull(queue.tryEmitNext(event))
                            && hasOverflowed.compareAndSet(false, true)) {
                          // the client resumes from the log: it needs no more live events
                          feed.dispose();
                          overflows.increment();
                          overflowed.tryEmitValue(true);
                        }
                      }));
          Mono<Long> start = lastEventId != null ? Mono.just(lastEventId) : log.lastPosition(scope);
          Flux<ServerSentEvent<String>> events =
              start.flatMapMany(
                  from -> {
                    AtomicLong sent = new AtomicLong(from);
                    Flux<ServerSentEvent<String>> replay =
                        log.after(scope, from)
                            .map(
                                logged -> {
                                  sent.set(logged.position());
                                  return event(logged.position(), logged.type(), logged.json());
                                });
                    // ends at once on overflow, whatever is queued: the client resumes from the log
                    Flux<ServerSentEvent<String>> fresh =
                        Flux.defer(
                                () ->
                                    hasOverflowed.get()
                                        ? Flux.<LiveEvent>empty()
                                        : queue.asFlux().takeUntilOther(overflowed.asMono()))
                            .filter(event -> isNew(event, sent))
                            .map(event -> event(event, sent));
                    return Flux.concat(replay, fresh);
                  });
          Flux<ServerSentEvent<String>> heartbeats =
              Flux.interval(settings.heartbeat())
                  .onBackpressureDrop()
                  .map(tick -> ServerSentEvent.<String>builder().comment("heartbeat").build());
          Sinks.Empty<Void> ended = Sinks.empty();
          return Flux.concat(
                  Mono.just(ServerSentEvent.<String>builder().comment("connected").build()),
                  Flux.merge(
                      events.doFinally(signal -> ended.tryEmitEmpty()),
                      heartbeats.takeUntilOther(ended.asMono())))
              .doFinally(signal -> feed.dispose());
        });
  }

  /** The live events of {@code scope} on {@code bus}. */
  static Flux<LiveEvent> onBus(ResultBus bus, Scope scope) {
    String callId = scope.callId();
    return callId == null ? bus.live(scope.workspaceId()) : bus.live(scope.workspaceId(), callId);
  }

  /**
   * Whether the queue refused an event for want of room: a unicast sink says so with {@code
   * FAIL_ZERO_SUBSCRIBER} before the replay ended and its reader subscribed.
   */
  private static boolean isFull(Sinks.EmitResult result) {
    return result == Sinks.EmitResult.FAIL_OVERFLOW
        || result == Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER;
  }

  /** Whether the stream has not sent {@code event} yet; a logged one moves the stream past it. */
  private static boolean isNew(LiveEvent event, AtomicLong sent) {
    Long position = event.position();
    if (position == null) {
      return true;
    }
    if (position <= sent.get()) {
      return false;
    }
    sent.set(position);
    return true;
  }

  private static ServerSentEvent<String> event(LiveEvent live, AtomicLong sent) {
    CallstreamEvent event = live.event();
    Long position = live.position();
    return event(
        position == null ? sent.get() : position,
        event.type().ceType(),
        new String(EventJson.write(event), StandardCharsets.UTF_8));
  }

  private static ServerSentEvent<String> event(long id, String type, String json) {
    return ServerSentEvent.<String>builder().id(Long.toString(id)).event(type).data(json).build();
  }
}
