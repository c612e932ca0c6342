package io.callstream.ingest.segment;

import static io.callstream.ingest.testing.IngestFixtures.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.callstream.api.auth.Role;
import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.Topic;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.ingest.call.CallEndedException;
import io.callstream.ingest.call.CallEnding;
import io.callstream.ingest.call.CallNotFoundException;
import io.callstream.ingest.kafka.EventPublisher;
import io.callstream.ingest.limits.IngestLimits;
import io.callstream.ingest.testing.IngestFixtures;
import io.callstream.ingest.testing.IngestServer;
import io.callstream.ingest.testing.RunningIngest;
import io.callstream.ingest.testing.TestWorkspace;
import io.callstream.ingest.testing.TopicRecords;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.HttpStatus;
import reactor.test.StepVerifier;

/**
 * The dedup and sequencing rules of {@link SegmentIntake}, on the service's own beans against the
 * real PostgreSQL and Kafka: what the intake answers, and what reaches the topic.
 */
@ExtendWith({SharedInfrastructure.class, IngestServer.class})
class SegmentIntakeIT {

  private static final CloudEventCodec CODEC = CloudEventCodec.of("ingest-it");

  private static RunningIngest ingest;
  private static TestWorkspace workspace;
  private static SegmentIntake intake;

  @BeforeAll
  static void setUp(RunningIngest running) {
    ingest = running;
    workspace = ingest.newWorkspace(Role.MEMBER);
    intake = ingest.bean(SegmentIntake.class);
  }

  @Test
  void shouldAnswerOneOutcomePerDraftInOrderMarkingDuplicates() {
    String callId = newCall();

    intake
        .acceptEach(
            workspace.workspaceId(),
            callId,
            List.of(
                finalSegment(1, "Second."), finalSegment(0, "First."), finalSegment(1, "Again.")))
        .as(StepVerifier::create)
        .expectNext(
            List.of(
                new SegmentOutcome.Accepted(1, false),
                new SegmentOutcome.Accepted(0, false),
                new SegmentOutcome.Accepted(1, true)))
        .expectComplete()
        .verify(RunningIngest.PATIENCE);

    assertThat(segmentsOf(callId)).extracting(TranscriptSegment::sequence).containsExactly(1L, 0L);
  }

  @Test
  void shouldRecogniseDuplicatesAcceptedByAnotherInstance() {
    String callId = newCall();
    SegmentIntake otherInstance =
        new SegmentIntake(
            ingest.bean(SegmentLedger.class),
            ingest.bean(FieldCipher.class),
            ingest.bean(EventPublisher.class),
            ingest.bean(IngestLimits.class));

    intake
        .acceptEach(
            workspace.workspaceId(),
            callId,
            List.of(interim(0, "Wel"), finalSegment(0, "Welcome.")))
        .as(StepVerifier::create)
        .expectNextCount(1)
        .expectComplete()
        .verify(RunningIngest.PATIENCE);
    otherInstance
        .acceptEach(
            workspace.workspaceId(),
            callId,
            List.of(finalSegment(0, "Welcome."), interim(1, "And")))
        .as(StepVerifier::create)
        .expectNext(
            List.of(new SegmentOutcome.Accepted(0, true), new SegmentOutcome.Accepted(1, false)))
        .expectComplete()
        .verify(RunningIngest.PATIENCE);

    assertThat(segmentsOf(callId))
        .extracting(TranscriptSegment::sequence, TranscriptSegment::finalResult)
        .containsExactly(tuple(0L, false), tuple(0L, true), tuple(1L, false));
  }

  @Test
  void shouldContinueRevisionsAcrossRequestsWithDistinctEventIds() {
    String callId = newCall();

    for (String text : List.of("So", "So the", "So the plan")) {
      intake
          .acceptEach(workspace.workspaceId(), callId, List.of(interim(0, text)))
          .as(StepVerifier::create)
          .expectNext(List.of(new SegmentOutcome.Accepted(0, false)))
          .expectComplete()
          .verify(RunningIngest.PATIENCE);
    }

    assertThat(segmentsOf(callId))
        .hasSize(3)
        .extracting(TranscriptSegment::eventId)
        .doesNotHaveDuplicates();
  }

  @Test
  void shouldRejectInvalidSegmentOnItsOwnAndAcceptTheOthers() {
    String callId = newCall();

    intake
        .acceptEach(
            workspace.workspaceId(),
            callId,
            List.of(finalSegment(0, "Fine."), finalSegment(1, " "), finalSegment(2, "Fine too.")))
        .as(StepVerifier::create)
        .expectNext(
            List.of(
                new SegmentOutcome.Accepted(0, false),
                new SegmentOutcome.Rejected(1, "text", "text must not be blank"),
                new SegmentOutcome.Accepted(2, false)))
        .expectComplete()
        .verify(RunningIngest.PATIENCE);

    assertThat(segmentsOf(callId)).extracting(TranscriptSegment::sequence).containsExactly(0L, 2L);
  }

  @Test
  void shouldRejectWholeTranscriptForOneInvalidSegmentPublishingNothing() {
    String callId = newCall();

    intake
        .accept(
            workspace.workspaceId(), callId, List.of(finalSegment(0, "Fine."), finalSegment(1, "")))
        .as(StepVerifier::create)
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOf(InvalidSegmentException.class)
                    .hasMessage("segments[1].text must not be blank"))
        .verify(RunningIngest.PATIENCE);

    assertThat(segmentsOf(callId)).isEmpty();
    // nothing was recorded either: the valid segment is new when it comes again
    intake
        .acceptEach(workspace.workspaceId(), callId, List.of(finalSegment(0, "Fine.")))
        .as(StepVerifier::create)
        .expectNext(List.of(new SegmentOutcome.Accepted(0, false)))
        .expectComplete()
        .verify(RunningIngest.PATIENCE);
  }

  @Test
  void shouldRejectSpeakersOutsideTheCallsParticipantsMatchingNamesInAnyCase() {
    String callId =
        ingest.createCall(
            workspace,
            Map.of(
                "title",
                "Closed list",
                "source",
                "live",
                "participants",
                List.of(Map.of("name", "Ana", "role", "host"))));
    String reason = "speaker 'Zed' is not a participant of this call (participants: Ana)";

    intake
        .acceptEach(
            workspace.workspaceId(),
            callId,
            List.of(
                new SegmentDraft(0, "Zed", 0, 900, "Who invited me?", true),
                new SegmentDraft(1, " ANA ", 1_000, 1_900, "Not me.", true),
                new SegmentDraft(2, null, 2_000, 2_900, "Nobody.", true)))
        .as(StepVerifier::create)
        .expectNext(
            List.of(
                new SegmentOutcome.Rejected(0, "speaker", reason, HttpStatus.UNPROCESSABLE_CONTENT),
                new SegmentOutcome.Accepted(1, false),
                new SegmentOutcome.Rejected(
                    2,
                    "speaker",
                    "speaker 'unknown' is not a participant of this call (participants: Ana)",
                    HttpStatus.UNPROCESSABLE_CONTENT)))
        .expectComplete()
        .verify(RunningIngest.PATIENCE);
    intake
        .accept(
            workspace.workspaceId(),
            callId,
            List.of(
                new SegmentDraft(3, "ana", 3_000, 3_900, "Fine.", true),
                new SegmentDraft(4, "Zed", 4_000, 4_900, "Again.", true)))
        .as(StepVerifier::create)
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOfSatisfying(
                        UnknownSpeakerException.class,
                        unknown -> {
                          assertThat(unknown.index()).isEqualTo(1);
                          assertThat(unknown.speaker()).isEqualTo("Zed");
                          assertThat(unknown.getStatusCode())
                              .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
                          assertThat(unknown.getBody().getDetail())
                              .isEqualTo("segments[1]: " + reason);
                        }))
        .verify(RunningIngest.PATIENCE);

    assertThat(segmentsOf(callId)).extracting(TranscriptSegment::sequence).containsExactly(1L);
  }

  @Test
  void shouldAnswerRetriedTranscriptWithoutPublishingItAgain() {
    String callId = newCall();
    List<SegmentDraft> transcript = List.of(finalSegment(0, "One."), finalSegment(1, "Two."));

    for (int attempt = 0; attempt < 2; attempt++) {
      intake
          .accept(workspace.workspaceId(), callId, transcript)
          .as(StepVerifier::create)
          .expectNext(List.of(0L, 1L))
          .expectComplete()
          .verify(RunningIngest.PATIENCE);
    }

    assertThat(segmentsOf(callId)).hasSize(2);
  }

  @Test
  void shouldFailForCallThatHasEndedOrDoesNotExist() {
    String callId = newCall();
    ingest
        .bean(CallEnding.class)
        .end(workspace.workspaceId(), callId)
        .as(StepVerifier::create)
        .expectNextCount(1)
        .expectComplete()
        .verify(RunningIngest.PATIENCE);

    intake
        .acceptEach(workspace.workspaceId(), callId, List.of(finalSegment(0, "Late.")))
        .as(StepVerifier::create)
        .expectError(CallEndedException.class)
        .verify(RunningIngest.PATIENCE);
    intake
        .acceptEach(
            workspace.workspaceId(), IngestFixtures.unknownCallId(), List.of(finalSegment(0, "?")))
        .as(StepVerifier::create)
        .expectError(CallNotFoundException.class)
        .verify(RunningIngest.PATIENCE);
    intake
        .acceptEach("ws_someone_else", callId, List.of(finalSegment(0, "Injected.")))
        .as(StepVerifier::create)
        .expectError(CallNotFoundException.class)
        .verify(RunningIngest.PATIENCE);
  }

  private static String newCall() {
    return ingest.createCall(workspace, call("Intake", "live"));
  }

  private static SegmentDraft finalSegment(long sequence, String text) {
    return new SegmentDraft(sequence, "Ana", sequence * 1_000, sequence * 1_000 + 900, text, true);
  }

  private static SegmentDraft interim(long sequence, String text) {
    return new SegmentDraft(sequence, "Ana", sequence * 1_000, sequence * 1_000 + 500, text, false);
  }

  private static List<TranscriptSegment> segmentsOf(String callId) {
    return TopicRecords.rawOfCall(ingest.kafka(), Topic.TRANSCRIPT, callId).stream()
        .map(CODEC::decode)
        .map(TranscriptSegment.class::cast)
        .toList();
  }
}
