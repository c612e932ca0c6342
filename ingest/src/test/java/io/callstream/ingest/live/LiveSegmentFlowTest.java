package io.callstream.ingest.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.ingest.call.CallEndedException;
import io.callstream.ingest.call.EndedCall;
import io.callstream.ingest.segment.SegmentDraft;
import io.callstream.ingest.segment.SegmentOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class LiveSegmentFlowTest {

  private static final String WORKSPACE = "ws_flow_test";
  private static final String CALL = "0198c0de-0000-7000-8000-000000000002";
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final EndedCall ENDED =
      EndedCall.of(CALL, Instant.parse("2025-05-01T10:00:00Z"), 9_000, 3L);

  /** Every batch the intake was given, in order. */
  private final List<List<Long>> batches = new CopyOnWriteArrayList<>();

  /** Accepts everything but blank text, like the real intake; duplicates are its business. */
  private final LiveSegmentFlow.Segments acceptingIntake =
      (workspaceId, callId, drafts) -> {
        batches.add(drafts.stream().map(SegmentDraft::sequence).toList());
        return Mono.just(
            drafts.stream()
                .<SegmentOutcome>map(
                    draft ->
                        draft.text() == null || draft.text().isBlank()
                            ? new SegmentOutcome.Rejected(
                                draft.sequence(), "text", "text must not be blank")
                            : new SegmentOutcome.Accepted(draft.sequence(), false))
                .toList());
      };

  private final LiveSegmentFlow.Ending ending = (workspaceId, callId) -> Mono.just(ENDED);

  @Test
  void shouldAnswerEveryMessageInTheOrderTheyCame() {
    LiveSegmentFlow flow = new LiveSegmentFlow(acceptingIntake, ending, 16, Duration.ofMillis(5));

    flow.replies(
            WORKSPACE,
            CALL,
            Flux.just(
                segment(1, 2, "Second thing."),
                unreadable(2),
                segment(3, 0, "First thing."),
                new LiveMessage.End(Position.message(4)),
                segment(5, 1, "Too late?")))
        .as(StepVerifier::create)
        .expectNext(new LiveReply.Ack(2, false))
        .assertNext(reply -> assertError(reply, 400, null, "message 2: "))
        .expectNext(new LiveReply.Ack(0, false))
        .expectNext(new LiveReply.Ended(ENDED))
        .expectNext(new LiveReply.Ack(1, false))
        .expectComplete()
        .verify(PATIENCE);
  }

  @Test
  void shouldHandSegmentsThatArriveTogetherToTheIntakeAsOneBatch() {
    LiveSegmentFlow flow = new LiveSegmentFlow(acceptingIntake, ending, 16, Duration.ofMillis(50));

    flow.replies(
            WORKSPACE, CALL, Flux.just(segment(1, 0, "a"), segment(2, 1, "b"), segment(3, 2, "c")))
        .as(StepVerifier::create)
        .expectNextCount(3)
        .expectComplete()
        .verify(PATIENCE);

    assertThat(batches).containsExactly(List.of(0L, 1L, 2L));
  }

  @Test
  void shouldSplitBatchAtEndSoSegmentsBeforeItAreAcceptedFirst() {
    LiveSegmentFlow flow = new LiveSegmentFlow(acceptingIntake, ending, 16, Duration.ofMillis(50));

    flow.replies(
            WORKSPACE,
            CALL,
            Flux.just(
                segment(1, 0, "a"), new LiveMessage.End(Position.message(2)), segment(3, 1, "b")))
        .as(StepVerifier::create)
        .expectNext(new LiveReply.Ack(0, false), new LiveReply.Ended(ENDED))
        .expectNext(new LiveReply.Ack(1, false))
        .expectComplete()
        .verify(PATIENCE);

    assertThat(batches).containsExactly(List.of(0L), List.of(1L));
  }

  @Test
  void shouldAnswerRejectedSegmentWithErrorNamingItsPositionAndField() {
    LiveSegmentFlow flow = new LiveSegmentFlow(acceptingIntake, ending, 16, Duration.ofMillis(5));

    flow.replies(WORKSPACE, CALL, Flux.just(segment(1, 0, "fine"), segment(2, 1, " ")))
        .as(StepVerifier::create)
        .expectNext(new LiveReply.Ack(0, false))
        .assertNext(
            reply -> {
              LiveReply.Error error =
                  assertError(reply, 400, 1L, "message 2: text must not be blank");
              assertThat(error.error().getProperties())
                  .containsEntry("message", 2L)
                  .containsEntry("field", "text");
            })
        .expectComplete()
        .verify(PATIENCE);
  }

  @Test
  void shouldAnswerEverySegmentOfAnEndedCallWith409AndKeepGoing() {
    AtomicInteger calls = new AtomicInteger();
    LiveSegmentFlow.Segments endedThenFine =
        (workspaceId, callId, drafts) ->
            calls.getAndIncrement() == 0
                ? Mono.error(new CallEndedException(callId))
                : acceptingIntake.acceptEach(workspaceId, callId, drafts);
    LiveSegmentFlow flow = new LiveSegmentFlow(endedThenFine, ending, 2, Duration.ofMillis(50));

    flow.replies(
            WORKSPACE, CALL, Flux.just(segment(1, 0, "a"), segment(2, 1, "b"), segment(3, 2, "c")))
        .as(StepVerifier::create)
        .assertNext(reply -> assertError(reply, 409, 0L, "message 1: call " + CALL + " has ended"))
        .assertNext(reply -> assertError(reply, 409, 1L, "message 2: call " + CALL + " has ended"))
        .expectNext(new LiveReply.Ack(2, false))
        .expectComplete()
        .verify(PATIENCE);
  }

  @Test
  void shouldAnswer503WhenKafkaDoesNotAcknowledge() {
    LiveSegmentFlow.Segments kafkaDown =
        (workspaceId, callId, drafts) ->
            Mono.error(new TimeoutException("Expiring 1 record(s): 30000 ms has passed"));
    LiveSegmentFlow flow = new LiveSegmentFlow(kafkaDown, ending, 16, Duration.ofMillis(5));

    flow.replies(WORKSPACE, CALL, Flux.just(segment(1, 0, "a")))
        .as(StepVerifier::create)
        .assertNext(reply -> assertError(reply, 503, 0L, "send it again"))
        .expectComplete()
        .verify(PATIENCE);
  }

  @Test
  void shouldTellNothingOfAnUnexpectedFailure() {
    LiveSegmentFlow.Segments broken =
        (workspaceId, callId, drafts) ->
            Mono.error(new IllegalStateException("connection pool of db-7 exhausted"));
    LiveSegmentFlow flow = new LiveSegmentFlow(broken, ending, 16, Duration.ofMillis(5));

    flow.replies(WORKSPACE, CALL, Flux.just(segment(1, 0, "a")))
        .as(StepVerifier::create)
        .assertNext(
            reply ->
                assertThat(assertError(reply, 500, 0L, "message 1: ").error().getDetail())
                    .doesNotContain("db-7"))
        .expectComplete()
        .verify(PATIENCE);
  }

  @Test
  void shouldReadNoFurtherThanFourBatchesWhileKafkaHasNotAcknowledged() {
    AtomicLong requested = new AtomicLong();
    Flux<LiveMessage> endless =
        Flux.range(1, 1_000_000)
            .map(i -> segment(i, i - 1, "Segment " + i))
            .doOnRequest(n -> requested.accumulateAndGet(n, LiveSegmentFlowTest::saturatedAdd));
    LiveSegmentFlow.Segments neverAcknowledged = (workspaceId, callId, drafts) -> Mono.never();
    LiveSegmentFlow flow = new LiveSegmentFlow(neverAcknowledged, ending, 8, Duration.ofMillis(5));

    flow.replies(WORKSPACE, CALL, endless)
        .as(StepVerifier::create)
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(300))
        .thenCancel()
        .verify(PATIENCE);

    assertThat(requested.get()).isBetween(8L, 4 * 8L);
  }

  private static LiveMessage segment(long message, long sequence, String text) {
    return new LiveMessage.Segment(
        Position.message(message),
        new SegmentDraft(sequence, "Ana", sequence * 1_000, sequence * 1_000 + 900, text, true));
  }

  private static LiveMessage unreadable(long message) {
    return new LiveMessage.Unreadable(
        Position.message(message), null, null, HttpStatus.BAD_REQUEST, "is not valid JSON");
  }

  private static LiveReply.Error assertError(
      LiveReply reply, int status, Long sequence, String detailContains) {
    assertThat(reply).isInstanceOf(LiveReply.Error.class);
    LiveReply.Error error = (LiveReply.Error) reply;
    assertThat(error.error().getStatus()).isEqualTo(status);
    assertThat(error.sequence()).isEqualTo(sequence);
    assertThat(error.error().getDetail()).contains(detailContains);
    return error;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
