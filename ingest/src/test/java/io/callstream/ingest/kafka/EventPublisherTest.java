package io.callstream.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callstream.api.problem.ServiceUnavailableException;
import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.event.EventFixtures;
import io.callstream.core.event.TranscriptSegment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Hooks;
import reactor.test.StepVerifier;

class EventPublisherTest {

  /** Far beyond what a healthy run needs: only a hang fails, never a slow machine. */
  private static final Duration PATIENCE = Duration.ofMinutes(1);

  private static final CloudEventCodec CODEC = CloudEventCodec.of("ingest");

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
  private static final PublishBounds BOUNDS =
      new PublishBounds(Duration.ofSeconds(10), 2, Duration.ofSeconds(3));

  private final EventPublisher publisher = new EventPublisher(producer, CODEC, BOUNDS);

  @AfterEach
  void tearDown() {
    publisher.close();
  }

  @Test
  void shouldSendEveryEventInOrderBeforeTheFirstIsAcknowledged() {
    List<TranscriptSegment> segments = segments(5);

    StepVerifier.create(publisher.publishAll(segments))
        .then(() -> awaitSends(5))
        .then(this::acknowledgeAll)
        .expectComplete()
        .verify(PATIENCE);

    assertThat(producer.history())
        .extracting(
            record ->
                ((TranscriptSegment) CODEC.decode(EventFixtures.consumed(record, 0))).sequence())
        .containsExactly(0L, 1L, 2L, 3L, 4L);
  }

  @Test
  void shouldCompleteOnlyOnceTheLastEventIsAcknowledged() {
    StepVerifier.create(publisher.publishAll(segments(3)))
        .then(() -> awaitSends(3))
        .then(producer::completeNext)
        .then(producer::completeNext)
        .expectNoEvent(Duration.ofMillis(300))
        .then(producer::completeNext)
        .expectComplete()
        .verify(PATIENCE);
  }

  @Test
  void shouldAnswer503WhenAnyEventIsNotAcknowledgedForARetriableReason() {
    StepVerifier.create(publisher.publishAll(segments(3)))
        .then(() -> awaitSends(3))
        .then(producer::completeNext)
        .then(() -> producer.errorNext(new NotEnoughReplicasException("one replica left")))
        .then(producer::completeNext)
        .expectErrorSatisfies(
            error -> {
              assertUnavailable(error);
              assertThat(error).hasRootCauseInstanceOf(NotEnoughReplicasException.class);
            })
        .verify(PATIENCE);
  }

  @Test
  void shouldAnswer503WhenTheProducerGivesUpOnARecord() {
    StepVerifier.create(publisher.publishAll(segments(1)))
        .then(() -> awaitSends(1))
        .then(
            () ->
                producer.errorNext(
                    new TimeoutException("Expiring 1 record(s): 10000 ms has passed")))
        .expectErrorSatisfies(EventPublisherTest::assertUnavailable)
        .verify(PATIENCE);
  }

  @Test
  void shouldPassOnAFailureThatARetryWouldNotMend() {
    StepVerifier.create(publisher.publishAll(segments(1)))
        .then(() -> awaitSends(1))
        .then(() -> producer.errorNext(new RecordTooLargeException("record of 2 MiB")))
        .expectError(RecordTooLargeException.class)
        .verify(PATIENCE);
  }

  @Test
  void shouldAnswer503OnceKafkaHasNotAcknowledgedWithinTheTimeout() {
    // The shortest timeout there is, in real time: the deadline is the future's own.
    Duration timeout = PublishBounds.MIN_TIMEOUT;
    EventPublisher impatient =
        new EventPublisher(producer, CODEC, new PublishBounds(timeout, 2, Duration.ofSeconds(3)));

    StepVerifier.create(impatient.publishAll(segments(2)))
        .then(() -> awaitSends(2))
        .expectNoEvent(timeout.dividedBy(2))
        .expectErrorSatisfies(
            error -> {
              assertUnavailable(error);
              assertThat(error).hasRootCauseInstanceOf(java.util.concurrent.TimeoutException.class);
              assertThat(((ServiceUnavailableException) error).getBody().getDetail())
                  .contains("within 1 s")
                  .contains("retry it after 3 s");
            })
        .verify(PATIENCE);

    assertThat(impatient.pendingRequests()).isZero();
  }

  @Test
  void shouldIgnoreAnAcknowledgementThatComesAfterTheTimeout() {
    EventPublisher impatient =
        new EventPublisher(
            producer,
            CODEC,
            new PublishBounds(PublishBounds.MIN_TIMEOUT, 2, Duration.ofSeconds(3)));

    List<Throwable> dropped = new CopyOnWriteArrayList<>();
    Hooks.onErrorDropped(dropped::add);
    try {
      StepVerifier.create(impatient.publishAll(segments(1)))
          .then(() -> awaitSends(1))
          .expectErrorSatisfies(EventPublisherTest::assertUnavailable)
          .verify(PATIENCE);
      producer.errorNext(new TimeoutException("Expiring 1 record(s)"));
    } finally {
      Hooks.resetOnErrorDropped();
    }

    assertThat(dropped).isEmpty();
    assertThat(impatient.pendingRequests()).isZero();
  }

  @Test
  void shouldAnswer503AtOnceWhenTooManyRequestsWaitForKafka() {
    publisher.publishAll(segments(1)).subscribe();
    publisher.publishAll(segments(1)).subscribe();
    awaitSends(2);
    assertThat(publisher.pendingRequests()).isEqualTo(2);

    StepVerifier.create(publisher.publishAll(segments(1)))
        .expectErrorSatisfies(
            error -> {
              assertUnavailable(error);
              assertThat(((ServiceUnavailableException) error).getBody().getDetail())
                  .contains("callstream.ingest.kafka-max-pending-requests");
            })
        .verify(PATIENCE);
    assertThat(producer.history()).hasSize(2);

    acknowledgeAll();
    await().atMost(PATIENCE).until(() -> publisher.pendingRequests() == 0);
    StepVerifier.create(publisher.publishAll(segments(1)))
        .then(() -> awaitSends(3))
        .then(this::acknowledgeAll)
        .expectComplete()
        .verify(PATIENCE);
  }

  @Test
  void shouldCompleteAtOnceForNoEvents() {
    StepVerifier.create(publisher.publishAll(List.of())).expectComplete().verify(PATIENCE);

    assertThat(producer.history()).isEmpty();
  }

  private static void assertUnavailable(Throwable error) {
    assertThat(error).isInstanceOf(ServiceUnavailableException.class);
    ServiceUnavailableException unavailable = (ServiceUnavailableException) error;
    assertThat(unavailable.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(unavailable.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("3");
  }

  private static List<TranscriptSegment> segments(int count) {
    EventFixtures.Call call = EventFixtures.call();
    return LongStream.range(0, count)
        .mapToObj(i -> call.segment(i, "spk_0", i * 1_000, i * 1_000 + 900, "Segment " + i))
        .toList();
  }

  private void awaitSends(int count) {
    await().atMost(PATIENCE).until(() -> producer.history().size() == count);
  }

  private void acknowledgeAll() {
    while (producer.completeNext()) {
      // one acknowledgement per sent record, in order
    }
  }
}
