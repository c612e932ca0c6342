package io.callstream.ingest.live;

import static io.callstream.ingest.live.LiveFixtures.end;
import static io.callstream.ingest.live.LiveFixtures.interim;
import static io.callstream.ingest.live.LiveFixtures.live;
import static io.callstream.ingest.live.LiveFixtures.segment;
import static io.callstream.ingest.testing.IngestFixtures.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.Role;
import io.callstream.core.cloudevents.CallstreamEventDeserializer;
import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.crypto.Field;
import io.callstream.core.event.CallEnded;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Topic;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.ingest.testing.IngestFixtures;
import io.callstream.ingest.testing.IngestServer;
import io.callstream.ingest.testing.RunningIngest;
import io.callstream.ingest.testing.TestWorkspace;
import io.callstream.ingest.testing.TopicRecords;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** The live WebSocket against a real ingest service, Kafka and PostgreSQL. */
@ExtendWith({SharedInfrastructure.class, IngestServer.class})
class LiveFeedIT {

  private static final CloudEventCodec CODEC = CloudEventCodec.of("ingest-it");

  private static RunningIngest ingest;
  private static TestWorkspace workspace;

  @BeforeAll
  static void setUp(RunningIngest running) {
    ingest = running;
    workspace = ingest.newWorkspace(Role.MEMBER);
  }

  @Test
  void shouldAcknowledgeEachSegmentOnceItIsInKafka() {
    String callId = ingest.createCall(workspace, call("Live standup", "live"));

    try (LiveSocket socket = open(callId)) {
      socket.send(
          segment(0, "Ana", 0, 1_500, "Morning, everyone."),
          segment(1, "Ben", 1_500, 3_000, "Morning."));

      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(reply -> assertAck(reply, 0, false))
          .assertNext(reply -> assertAck(reply, 1, false))
          .thenCancel()
          .verify(RunningIngest.PATIENCE);
    }

    List<TranscriptSegment> segments = segmentsOf(callId);
    assertThat(segments).extracting(TranscriptSegment::sequence).containsExactly(0L, 1L);
    assertThat(segments).allSatisfy(segment -> assertThat(segment.finalResult()).isTrue());
    assertThat(
            ingest
                .readerCipher()
                .decryptText(
                    workspace.workspaceId(),
                    callId,
                    Field.TRANSCRIPT_TEXT,
                    segments.get(1).text().bytes()))
        .isEqualTo("Morning.");
  }

  @Test
  void shouldAcknowledgeRepeatedFinalAsDuplicateWithoutPublishingItAgain() {
    String callId = ingest.createCall(workspace, call("Retries", "live"));
    String first = segment(0, "Ana", 0, 1_000, "Can you hear me?");

    try (LiveSocket socket = open(callId)) {
      socket.send(first, first);
      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(reply -> assertAck(reply, 0, false))
          .assertNext(reply -> assertAck(reply, 0, true))
          .thenCancel()
          .verify(RunningIngest.PATIENCE);
    }
    // a reconnect, as after a dropped connection: what was accepted is in PostgreSQL
    try (LiveSocket socket = open(callId)) {
      socket.send(segment(0, "Ana", 0, 1_000, "Can you hear me now?"));
      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(reply -> assertAck(reply, 0, true))
          .thenCancel()
          .verify(RunningIngest.PATIENCE);
    }

    assertThat(segmentsOf(callId)).hasSize(1);
  }

  @Test
  void shouldPublishInterimsAndTheirFinalEachUnderItsOwnEventId() {
    String callId = ingest.createCall(workspace, call("Interims", "live"));

    try (LiveSocket socket = open(callId)) {
      socket.send(
          interim(0, "Ana", 0, 600, "We"),
          interim(0, "Ana", 0, 1_400, "We should"),
          segment(0, "Ana", 0, 2_100, "We should ship it."),
          interim(0, "Ana", 0, 700, "We shall"));
      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(reply -> assertAck(reply, 0, false))
          .assertNext(reply -> assertAck(reply, 0, false))
          .assertNext(reply -> assertAck(reply, 0, false))
          .assertNext(reply -> assertAck(reply, 0, true))
          .thenCancel()
          .verify(RunningIngest.PATIENCE);
    }

    List<TranscriptSegment> segments = segmentsOf(callId);
    assertThat(segments)
        .extracting(TranscriptSegment::finalResult)
        .containsExactly(false, false, true);
    assertThat(segments).extracting(TranscriptSegment::eventId).doesNotHaveDuplicates();
    assertThat(segments)
        .extracting(TranscriptSegment::segmentId)
        .containsOnly(segments.get(0).segmentId());
    assertThat(segments).extracting(TranscriptSegment::endMs).containsExactly(600L, 1_400L, 2_100L);
  }

  @Test
  void shouldAcceptSegmentsOutOfOrder() {
    String callId = ingest.createCall(workspace, call("Out of order", "live"));

    try (LiveSocket socket = open(callId)) {
      socket.send(
          segment(2, "Ben", 3_000, 4_000, "Third."),
          segment(0, "Ana", 0, 1_000, "First."),
          segment(1, "Ana", 1_000, 3_000, "Second."));
      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(reply -> assertAck(reply, 2, false))
          .assertNext(reply -> assertAck(reply, 0, false))
          .assertNext(reply -> assertAck(reply, 1, false))
          .thenCancel()
          .verify(RunningIngest.PATIENCE);
    }

    assertThat(segmentsOf(callId))
        .extracting(TranscriptSegment::sequence)
        .containsExactly(2L, 0L, 1L);
  }

  @Test
  void shouldAnswerBadMessagesWithErrorsAndKeepTheSocketOpen() {
    String callId = ingest.createCall(workspace, call("Bad messages", "live"));

    try (LiveSocket socket = open(callId)) {
      socket.send(
          "{\"sequence\": 0, \"text\": ",
          "{\"sequence\": 1, \"startMs\": 0, \"endMs\": 10}",
          segment(2, "Ana", 5_000, 4_000, "Backwards."),
          segment(3, "Ana", 0, 1_000, "   "),
          segment(4, "Ana", 0, 1_000, "Still here."));
      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(reply -> assertError(reply, 400, null, "message 1: is not valid JSON"))
          .assertNext(
              reply -> {
                assertError(reply, 400, 1L, "message 2: text is missing");
                assertThat(reply.at("/error/field").asString()).isEqualTo("text");
              })
          .assertNext(reply -> assertError(reply, 400, 2L, "message 3: endMs must not be before"))
          .assertNext(
              reply -> {
                assertError(reply, 400, 3L, "message 4: text must not be blank");
                assertThat(reply.at("/error/message").asLong()).isEqualTo(4);
              })
          .assertNext(reply -> assertAck(reply, 4, false))
          .thenCancel()
          .verify(RunningIngest.PATIENCE);
    }

    assertThat(segmentsOf(callId)).extracting(TranscriptSegment::sequence).containsExactly(4L);
  }

  @Test
  void shouldAnswer422ForSpeakerOutsideTheCallsParticipantsAndAcknowledgeAKnownOneInAnyCase() {
    String callId = ingest.createCall(workspace, closedCall("Closed list, live"));

    try (LiveSocket socket = open(callId)) {
      socket.send(
          segment(0, "Zed", 0, 1_000, "Who invited me?"), segment(1, " ana ", 1_000, 2_000, "Hi."));
      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(
              reply -> {
                assertError(
                    reply,
                    422,
                    0L,
                    "message 1: speaker 'Zed' is not a participant of this call"
                        + " (participants: Ana, Ben)");
                assertThat(reply.at("/error/field").asString()).isEqualTo("speaker");
              })
          .assertNext(reply -> assertAck(reply, 1, false))
          .thenCancel()
          .verify(RunningIngest.PATIENCE);
    }

    assertThat(segmentsOf(callId)).extracting(TranscriptSegment::speaker).containsExactly(" ana ");
  }

  @Test
  void shouldAnswer413ForMessageOver16KibAndKeepTheSocketOpen() {
    String callId = ingest.createCall(workspace, call("Long message", "live"));
    String tooLong = segment(0, "Ana", 0, 1_000, "a".repeat(LiveMessageReader.MAX_MESSAGE_BYTES));
    int bytes = tooLong.getBytes(StandardCharsets.UTF_8).length;

    try (LiveSocket socket = open(callId)) {
      socket.send(tooLong, segment(1, "Ana", 1_000, 2_000, "Shorter."));
      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(
              reply ->
                  assertError(
                      reply,
                      413,
                      null,
                      "message 1: is "
                          + bytes
                          + " bytes long; a message may have at most "
                          + LiveMessageReader.MAX_MESSAGE_BYTES))
          .assertNext(reply -> assertAck(reply, 1, false))
          .thenCancel()
          .verify(RunningIngest.PATIENCE);
    }

    assertThat(segmentsOf(callId)).extracting(TranscriptSegment::sequence).containsExactly(1L);
  }

  @Test
  void shouldAnswer400ForBinaryMessageAndKeepTheSocketOpen() {
    String callId = ingest.createCall(workspace, call("Binary message", "live"));

    try (LiveSocket socket = open(callId)) {
      socket
          .sendRaw(
              WebSocketMessage.Type.BINARY,
              segment(0, "Ana", 0, 1_000, "As bytes.").getBytes(StandardCharsets.UTF_8))
          .send(segment(1, "Ana", 1_000, 2_000, "As text."));
      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(
              reply ->
                  assertError(
                      reply,
                      400,
                      null,
                      "message 1: is a binary message; send segment messages as text"))
          .assertNext(reply -> assertAck(reply, 1, false))
          .thenCancel()
          .verify(RunningIngest.PATIENCE);
    }

    assertThat(segmentsOf(callId)).extracting(TranscriptSegment::sequence).containsExactly(1L);
  }

  @Test
  void shouldAnswer400ForTextMessageThatIsNotUtf8AndKeepTheSocketOpen() {
    String callId = ingest.createCall(workspace, call("Latin-1 message", "live"));

    try (LiveSocket socket = open(callId)) {
      socket
          .sendRaw(
              WebSocketMessage.Type.TEXT,
              segment(0, "Ana", 0, 1_000, "Olá!").getBytes(StandardCharsets.ISO_8859_1))
          .send(segment(1, "Ana", 1_000, 2_000, "Olá!"));
      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(reply -> assertError(reply, 400, null, "message 1: byte 0xE1 at offset"))
          .assertNext(reply -> assertAck(reply, 1, false))
          .thenCancel()
          .verify(RunningIngest.PATIENCE);
    }

    assertThat(segmentsOf(callId)).extracting(TranscriptSegment::sequence).containsExactly(1L);
  }

  @Test
  void shouldEndCallOnEndMessageThenCloseTheSocket() {
    String callId = ingest.createCall(workspace, call("Ended live", "live"));

    try (LiveSocket socket = open(callId)) {
      socket.send(segment(0, "Ana", 0, 4_200, "That's all from me."), end());

      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(reply -> assertAck(reply, 0, false))
          .assertNext(
              reply -> {
                assertThat(reply.at("/ended/callId").asString()).isEqualTo(callId);
                assertThat(reply.at("/ended/status").asString()).isEqualTo("ended");
                assertThat(reply.at("/ended/durationMs").asLong()).isEqualTo(4_200);
              })
          .expectComplete()
          .verify(RunningIngest.PATIENCE);
      assertThat(socket.closeStatus().getCode()).isEqualTo(CloseStatus.NORMAL.getCode());
    }

    List<ConsumerRecord<byte[], CallstreamEvent>> records =
        TopicRecords.ofCall(ingest.kafka(), Topic.CALLS, callId, new CallstreamEventDeserializer());
    assertThat(records)
        .extracting(ConsumerRecord::value)
        .filteredOn(CallEnded.class::isInstance)
        .singleElement()
        .satisfies(event -> assertThat(((CallEnded) event).durationMs()).isEqualTo(4_200));
  }

  @Test
  void shouldRejectSegmentsOnceTheCallWasEndedThroughTheEndpoint() {
    String callId = ingest.createCall(workspace, call("Ended elsewhere", "live"));

    try (LiveSocket socket = open(callId)) {
      socket.send(segment(0, "Ana", 0, 1_000, "Before the end."));
      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(reply -> assertAck(reply, 0, false))
          .then(
              () ->
                  ingest
                      .clientOf(workspace)
                      .post()
                      .uri(LiveFixtures.end(workspace, callId))
                      .exchange()
                      .expectStatus()
                      .isOk())
          .then(() -> socket.send(segment(1, "Ana", 1_000, 2_000, "After the end.")))
          .assertNext(reply -> assertError(reply, 409, 1L, "call " + callId + " has ended"))
          .then(() -> socket.send(end()))
          .assertNext(reply -> assertThat(reply.at("/ended/callId").asString()).isEqualTo(callId))
          .expectComplete()
          .verify(RunningIngest.PATIENCE);
    }

    assertThat(segmentsOf(callId)).extracting(TranscriptSegment::sequence).containsExactly(0L);
  }

  @Test
  void shouldTakeKeyOfferedAsSubprotocolAndSelectOnlyTheLiveProtocol() {
    String callId = ingest.createCall(workspace, call("Browser", "live"));

    try (LiveSocket socket =
        LiveSocket.withProtocolKey(ingest, live(workspace, callId), workspace.apiKey())) {
      socket.send(segment(0, "Ana", 0, 1_000, "From a browser."));
      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(reply -> assertAck(reply, 0, false))
          .thenCancel()
          .verify(RunningIngest.PATIENCE);
      assertThat(socket.selectedProtocol()).isEqualTo(LiveFeedSocket.PROTOCOL);
    }
  }

  @Test
  void shouldRefuseUpgradeWithoutKeyWith401() {
    String callId = ingest.createCall(workspace, call("No key", "live"));

    try (LiveSocket socket = LiveSocket.anonymous(ingest, live(workspace, callId))) {
      expectRefused(socket, 401);
    }
  }

  @Test
  void shouldRefuseUpgradeToAnotherWorkspacesCallWith404() {
    TestWorkspace other = ingest.newWorkspace(Role.OWNER);
    String othersCall = ingest.createCall(other, call("Globex board meeting", "live"));

    try (LiveSocket socket =
        LiveSocket.withHeader(ingest, live(other, othersCall), workspace.bearer())) {
      expectRefused(socket, 404);
    }
    try (LiveSocket socket =
        LiveSocket.withProtocolKey(ingest, live(other, othersCall), workspace.apiKey())) {
      expectRefused(socket, 404);
    }
    try (LiveSocket socket =
        LiveSocket.withHeader(ingest, live(workspace, othersCall), workspace.bearer())) {
      expectRefused(socket, 404);
    }
  }

  @Test
  void shouldRefuseUpgradeToCallThatDoesNotExistOrHasEnded() {
    try (LiveSocket socket =
        LiveSocket.withHeader(
            ingest, live(workspace, IngestFixtures.unknownCallId()), workspace.bearer())) {
      expectRefused(socket, 404);
    }

    String callId = ingest.createCall(workspace, call("Over", "live"));
    ingest
        .clientOf(workspace)
        .post()
        .uri(LiveFixtures.end(workspace, callId))
        .exchange()
        .expectStatus()
        .isOk();
    try (LiveSocket socket = open(callId)) {
      expectRefused(socket, 409);
    }
  }

  /** A call whose speakers must be Ana or Ben. */
  private static Map<String, Object> closedCall(String title) {
    return Map.of(
        "title",
        title,
        "source",
        "live",
        "participants",
        List.of(Map.of("name", "Ana", "role", "host"), Map.of("name", "Ben", "role", "guest")));
  }

  private static LiveSocket open(String callId) {
    return LiveSocket.withHeader(ingest, live(workspace, callId), workspace.bearer());
  }

  private static void expectRefused(LiveSocket socket, int status) {
    socket
        .replies()
        .as(StepVerifier::create)
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOfSatisfying(
                        WebSocketClientHandshakeException.class,
                        refused ->
                            assertThat(refused.response().status().code()).isEqualTo(status)))
        .verify(RunningIngest.PATIENCE);
  }

  private static void assertAck(JsonNode reply, long sequence, boolean duplicate) {
    assertThat(reply.get("ack")).as("ack in %s", reply).isNotNull();
    assertThat(reply.get("ack").asLong()).isEqualTo(sequence);
    assertThat(reply.get("duplicate").asBoolean())
        .as("duplicate in %s", reply)
        .isEqualTo(duplicate);
  }

  private static void assertError(JsonNode reply, int status, Long sequence, String detail) {
    assertThat(reply.get("error")).as("error in %s", reply).isNotNull();
    assertThat(reply.at("/error/status").asInt()).isEqualTo(status);
    assertThat(reply.at("/error/detail").asString()).contains(detail);
    if (sequence == null) {
      assertThat(reply.has("sequence")).as("sequence in %s", reply).isFalse();
    } else {
      assertThat(reply.get("sequence").asLong()).isEqualTo(sequence);
    }
  }

  private static List<TranscriptSegment> segmentsOf(String callId) {
    return TopicRecords.rawOfCall(ingest.kafka(), Topic.TRANSCRIPT, callId).stream()
        .map(CODEC::decode)
        .map(TranscriptSegment.class::cast)
        .toList();
  }
}
