package io.callstream.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.EventFixtures;
import io.callstream.core.event.EventJson;
import io.callstream.core.event.Progress;
import io.callstream.query.results.LiveEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class EventStreamTest {

  private static final Duration HANG_GUARD = Duration.ofSeconds(30);
  private static final Scope SCOPE = Scope.call("ws-1", "call-1");

  private final EventFixtures.Call call = EventFixtures.call("ws-1", "call-1");
  private final Sinks.Many<LiveEvent> bus = Sinks.many().multicast().directBestEffort();
  private final Counter overflows = new SimpleMeterRegistry().counter("overflows");

  @Test
  void shouldSendEventsStoredDuringTheReplayOnce() {
    // stored at 11..13 while the replay reads: both in the log and live
    FakeLog log =
        new FakeLog(
            5,
            () -> {
              for (long position = 11; position <= 13; position++) {
                bus.tryEmitNext(LiveEvent.stored(mindmap(position), position));
              }
            },
            logged(11),
            logged(12));

    StepVerifier.create(stream(log, 16).open(SCOPE, 10L).filter(event -> event.id() != null))
        .assertNext(event -> assertThat(event.id()).isEqualTo("11"))
        .assertNext(event -> assertThat(event.id()).isEqualTo("12"))
        .assertNext(event -> assertThat(event.id()).isEqualTo("13"))
        .then(() -> bus.tryEmitNext(LiveEvent.stored(mindmap(14), 14)))
        .assertNext(event -> assertThat(event.data()).isEqualTo(json(mindmap(14))))
        .thenCancel()
        .verify(HANG_GUARD);
  }

  @Test
  void shouldStartFromTheLastStoredPositionWithoutLastEventId() {
    FakeLog log = new FakeLog(7, () -> {});
    Progress progress = call.progress(Progress.Stage.ANALYZED, 1, 2, null);

    StepVerifier.create(stream(log, 16).open(SCOPE, null).filter(event -> event.id() != null))
        .then(
            () -> {
              // stored before the stream started: history, not news
              bus.tryEmitNext(LiveEvent.stored(mindmap(7), 7));
              bus.tryEmitNext(LiveEvent.unlogged(progress));
              bus.tryEmitNext(LiveEvent.stored(mindmap(8), 8));
              bus.tryEmitNext(LiveEvent.unlogged(progress));
            })
        .assertNext(event -> assertThat(event.id()).isEqualTo("7"))
        .assertNext(event -> assertThat(event.id()).isEqualTo("8"))
        .assertNext(
            event -> {
              assertThat(event.id()).isEqualTo("8");
              assertThat(event.event()).isEqualTo(progress.type().ceType());
            })
        .thenCancel()
        .verify(HANG_GUARD);
    assertThat(log.startedAfter).isEqualTo(7L);
  }

  @Test
  void shouldEndTheStreamOnceItsClientFallsTooFarBehind() {
    FakeLog log =
        new FakeLog(
            0,
            () -> {
              for (long position = 1; position <= 40; position++) {
                bus.tryEmitNext(LiveEvent.stored(mindmap(position), position));
              }
            });

    StepVerifier.create(stream(log, 4).open(SCOPE, 0L).filter(event -> event.id() != null))
        .expectComplete()
        .verify(HANG_GUARD);
    assertThat(overflows.count()).isEqualTo(1);
  }

  @Test
  void shouldOpenWithACommentAndSendHeartbeats() {
    StepVerifier.withVirtualTime(
            () ->
                new EventStream(
                        scope -> bus.asFlux(),
                        new FakeLog(0, () -> {}),
                        new SseSettings(Duration.ofSeconds(15), 16, 10),
                        overflows)
                    .open(SCOPE, null)
                    .map(ServerSentEvent::comment))
        .expectNext("connected")
        .thenAwait(Duration.ofSeconds(30))
        .expectNext("heartbeat", "heartbeat")
        .thenCancel()
        .verify(HANG_GUARD);
  }

  private EventStream stream(EventLog log, int buffer) {
    return new EventStream(
        scope -> bus.asFlux(), log, new SseSettings(Duration.ofHours(1), buffer, 10), overflows);
  }

  private CallstreamEvent mindmap(long version) {
    return call.mindmapUpdated(version);
  }

  private LoggedEvent logged(long position) {
    CallstreamEvent event = mindmap(position);
    return new LoggedEvent(position, event.type().ceType(), json(event));
  }

  private static String json(CallstreamEvent event) {
    return new String(EventJson.write(event), StandardCharsets.UTF_8);
  }

  /** A log with a last position, whose replay runs {@code duringReplay} before it answers. */
  private static final class FakeLog implements EventLog {

    private final long lastPosition;
    private final Runnable duringReplay;
    private final List<LoggedEvent> stored;
    private @Nullable Long startedAfter;

    private FakeLog(long lastPosition, Runnable duringReplay, LoggedEvent... stored) {
      this.lastPosition = lastPosition;
      this.duringReplay = duringReplay;
      this.stored = List.of(stored);
    }

    @Override
    public Mono<Boolean> hasCall(String workspaceId, String callId) {
      return Mono.just(true);
    }

    @Override
    public Mono<Long> lastPosition(Scope scope) {
      return Mono.just(lastPosition);
    }

    @Override
    public Flux<LoggedEvent> after(Scope scope, long position) {
      return Flux.defer(
          () -> {
            startedAfter = position;
            duringReplay.run();
            return Flux.fromIterable(stored).filter(event -> event.position() > position);
          });
    }
  }
}
