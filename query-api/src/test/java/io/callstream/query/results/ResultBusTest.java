package io.callstream.query.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.callstream.core.event.EventFixtures;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class ResultBusTest {

  private static final Duration HANG_GUARD = Duration.ofSeconds(30);

  private final ResultBus bus = ResultBus.create();
  private final EventFixtures.Call ours = EventFixtures.call("ws-ours", "call-1");
  private final EventFixtures.Call ourOther = EventFixtures.call("ws-ours", "call-2");
  private final EventFixtures.Call theirs = EventFixtures.call("ws-theirs", "call-1");

  @Test
  void shouldDeliverOnlyTheWorkspacesEvents() {
    StepVerifier.create(bus.events("ws-ours"))
        .then(
            () -> {
              bus.publish(theirs.mindmapUpdated(1));
              bus.publish(ours.mindmapUpdated(1));
              bus.publish(ourOther.mindmapUpdated(1));
              bus.complete();
            })
        .expectNext(ours.mindmapUpdated(1), ourOther.mindmapUpdated(1))
        .expectComplete()
        .verify(HANG_GUARD);
  }

  @Test
  void shouldDeliverOnlyTheCallsEvents() {
    StepVerifier.create(bus.events("ws-ours", "call-2"))
        .then(
            () -> {
              bus.publish(ours.mindmapUpdated(1));
              bus.publish(ourOther.mindmapUpdated(2));
              bus.complete();
            })
        .expectNext(ourOther.mindmapUpdated(2))
        .expectComplete()
        .verify(HANG_GUARD);
  }

  @Test
  void shouldNotLetASubscriberWithoutDemandHoldUpTheOthers() {
    StepVerifier.create(bus.events("ws-ours"), 0)
        .then(
            () -> {
              StepVerifier.create(bus.events("ws-ours"))
                  .then(
                      () -> {
                        for (long version = 1; version <= 3; version++) {
                          bus.publish(ours.mindmapUpdated(version));
                        }
                        bus.complete();
                      })
                  .expectNextCount(3)
                  .expectComplete()
                  .verify(HANG_GUARD);
            })
        .expectComplete()
        .verify(HANG_GUARD);
  }

  @Test
  void shouldRejectANullWorkspace() {
    assertThatNullPointerException()
        .isThrownBy(() -> bus.events(null))
        .withMessage("workspaceId must not be null");
  }

  @Test
  void shouldTakeEventsFromTwoThreadsAtOnce() throws InterruptedException {
    int perThread = 2_000;
    var received = bus.events("ws-ours").take(2L * perThread).count().toFuture();
    Thread first = new Thread(() -> publishMany(ours, perThread));
    Thread second = new Thread(() -> publishMany(ourOther, perThread));
    first.start();
    second.start();
    first.join();
    second.join();

    assertThat(received.join()).isEqualTo(2L * perThread);
  }

  private void publishMany(EventFixtures.Call call, int count) {
    for (int version = 0; version < count; version++) {
      bus.publish(call.mindmapUpdated(version));
    }
  }
}
