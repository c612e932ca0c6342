package io.callstream.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.event.EventFixtures;
import io.callstream.core.event.TranscriptSegment;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class EventPublisherTest {

  /** Far beyond what a healthy run needs: only a hang fails, never a slow machine. */
  private static final Duration PATIENCE = Duration.ofMinutes(1);

  private static final CloudEventCodec CODEC = CloudEventCodec.of("ingest");

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final EventPublisher publisher = new EventPublisher(producer, CODEC);

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
  void shouldFailWhenAnyEventIsNotAcknowledged() {
    StepVerifier.create(publisher.publishAll(segments(3)))
        .then(() -> awaitSends(3))
        .then(producer::completeNext)
        .then(() -> producer.errorNext(new NotEnoughReplicasException("one replica left")))
        .then(producer::completeNext)
        .expectError(NotEnoughReplicasException.class)
        .verify(PATIENCE);
  }

  @Test
  void shouldCompleteAtOnceForNoEvents() {
    StepVerifier.create(publisher.publishAll(List.of())).expectComplete().verify(PATIENCE);

    assertThat(producer.history()).isEmpty();
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
