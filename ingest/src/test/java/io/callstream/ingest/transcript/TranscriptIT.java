package io.callstream.ingest.transcript;

import static io.callstream.ingest.testing.IngestFixtures.call;
import static io.callstream.ingest.testing.IngestFixtures.segment;
import static io.callstream.ingest.testing.IngestFixtures.transcript;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.Role;
import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.Topic;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.ingest.testing.IngestFixtures;
import io.callstream.ingest.testing.IngestServer;
import io.callstream.ingest.testing.RunningIngest;
import io.callstream.ingest.testing.TestWorkspace;
import io.callstream.ingest.testing.TopicRecords;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@ExtendWith({SharedInfrastructure.class, IngestServer.class})
class TranscriptIT {

  private static final CloudEventCodec CODEC = CloudEventCodec.of("ingest-it");

  private static RunningIngest ingest;
  private static TestWorkspace workspace;
  private static WebTestClient client;

  @BeforeAll
  static void setUp(RunningIngest running) {
    ingest = running;
    workspace = ingest.newWorkspace(Role.MEMBER);
    client = ingest.clientOf(workspace);
  }

  @Test
  void shouldAcceptTranscriptOnceItsSegmentsAreInKafka() {
    String callId = ingest.createCall(workspace, call("Accepted", "upload"));

    client
        .post()
        .uri(workspace.transcript(callId))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            transcript(
                segment("Ana", 0, 1_500, "Hello everyone."),
                segment("Ben", 1_500, 4_000, "Hi Ana.")))
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.callId")
        .isEqualTo(callId)
        .jsonPath("$.segments")
        .isEqualTo(2)
        .jsonPath("$.lastSequence")
        .isEqualTo(1);

    assertThat(TopicRecords.rawOfCall(ingest.kafka(), Topic.TRANSCRIPT, callId)).hasSize(2);
  }

  @Test
  void shouldPublishSegmentsInOrderWithSequencesFromZero() {
    String callId = ingest.createCall(workspace, call("Ordered", "upload"));
    List<String> texts =
        List.of(
            "Shall we start with the budget?",
            "Yes, the launch budget is forty-two thousand.",
            "That leaves nothing for the hiring plan.",
            "Then we move the hiring plan to the third quarter.");
    upload(
        callId,
        transcript(
            segment("Ana", 0, 2_000, texts.get(0)),
            segment("Ben", 2_000, 5_500, texts.get(1)),
            segment("Ana", 5_500, 8_000, texts.get(2)),
            segment(null, 8_000, 8_000, texts.get(3))));

    List<TranscriptSegment> segments = segmentsOf(callId);

    assertThat(segments).extracting(TranscriptSegment::sequence).containsExactly(0L, 1L, 2L, 3L);
    assertThat(segments)
        .extracting(TranscriptSegment::speaker)
        .containsExactly("Ana", "Ben", "Ana", "unknown");
    assertThat(segments)
        .extracting(TranscriptSegment::startMs)
        .containsExactly(0L, 2_000L, 5_500L, 8_000L);
    assertThat(segments)
        .extracting(TranscriptSegment::endMs)
        .containsExactly(2_000L, 5_500L, 8_000L, 8_000L);
    assertThat(segments)
        .allSatisfy(
            segment -> {
              assertThat(segment.workspaceId()).isEqualTo(workspace.workspaceId());
              assertThat(segment.callId()).isEqualTo(callId);
              assertThat(segment.finalResult()).isTrue();
            });
    assertThat(segments).extracting(TranscriptSegment::segmentId).doesNotHaveDuplicates();
    FieldCipher cipher = ingest.readerCipher();
    assertThat(segments)
        .extracting(
            segment ->
                cipher.decryptText(
                    workspace.workspaceId(), callId, Field.TRANSCRIPT_TEXT, segment.text().bytes()))
        .containsExactlyElementsOf(texts);
  }

  @Test
  void shouldNeverPutTranscriptTextOnKafkaInPlaintext() {
    String callId = ingest.createCall(workspace, call("Confidential", "upload"));
    String secret = "The acquisition code name is BLUE HERON";
    upload(callId, transcript(segment("Ana", 0, 3_000, secret)));

    List<ConsumerRecord<byte[], byte[]>> records =
        TopicRecords.rawOfCall(ingest.kafka(), Topic.TRANSCRIPT, callId);

    assertThat(records).hasSize(1);
    String onTheWire = new String(wireBytes(records.get(0)), StandardCharsets.ISO_8859_1);
    assertThat(onTheWire).doesNotContain("BLUE HERON").doesNotContain("acquisition");
    TranscriptSegment segment = (TranscriptSegment) CODEC.decode(records.get(0));
    assertThat(
            ingest
                .readerCipher()
                .decryptText(
                    workspace.workspaceId(), callId, Field.TRANSCRIPT_TEXT, segment.text().bytes()))
        .isEqualTo(secret);
  }

  @Test
  void shouldAnswer404ForTranscriptOfCallThatDoesNotExist() {
    client
        .post()
        .uri(workspace.transcript(IngestFixtures.unknownCallId()))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(transcript(segment("Ana", 0, 1_000, "Anyone there?")))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(404);
  }

  @Test
  void shouldAnswer404ForAnotherWorkspacesCallUnderItsOwnPath() {
    TestWorkspace other = ingest.newWorkspace(Role.OWNER);
    String othersCall = ingest.createCall(other, call("Globex board meeting", "upload"));

    client
        .post()
        .uri(workspace.transcript(othersCall))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(transcript(segment("Mallory", 0, 1_000, "Injected line")))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody(String.class)
        .value(body -> assertThat(body).doesNotContain("Globex board meeting"));

    assertThat(TopicRecords.rawOfCall(ingest.kafka(), Topic.TRANSCRIPT, othersCall)).isEmpty();
  }

  @Test
  void shouldRejectEmptySegments() {
    String callId = ingest.createCall(workspace, call("Empty", "upload"));

    expectBadRequest(callId, Map.of("segments", List.of()), "segments");
    expectBadRequest(callId, Map.of(), "segments");
  }

  @Test
  void shouldRejectSegmentThatEndsBeforeItStartsNamingItsIndex() {
    String callId = ingest.createCall(workspace, call("Backwards", "upload"));

    expectBadRequest(
        callId,
        transcript(segment("Ana", 0, 1_000, "Fine."), segment("Ben", 5_000, 4_000, "Backwards.")),
        "segments[1]");

    assertThat(TopicRecords.rawOfCall(ingest.kafka(), Topic.TRANSCRIPT, callId)).isEmpty();
  }

  @Test
  void shouldRejectSegmentWithNegativeStartNamingItsIndex() {
    String callId = ingest.createCall(workspace, call("Negative", "upload"));

    expectBadRequest(callId, transcript(segment("Ana", -1, 1_000, "Too early.")), "segments[0]");
  }

  @Test
  void shouldRejectSegmentWithBlankTextNamingItsIndex() {
    String callId = ingest.createCall(workspace, call("Blank", "upload"));

    expectBadRequest(
        callId,
        transcript(segment("Ana", 0, 1_000, "Fine."), segment("Ben", 1_000, 2_000, "  ")),
        "segments[1].text");
  }

  @Test
  void shouldAcceptTranscriptOfATwoHourCall() {
    String callId = ingest.createCall(workspace, call("Two-hour workshop", "upload"));
    int count = 2_400;
    List<Map<String, Object>> body = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      body.add(
          segment(
              "spk_" + i % 3,
              i * 3_000L,
              i * 3_000L + 2_900,
              "Segment " + i + " of the workshop, where everyone keeps talking about the plan."));
    }

    client
        .post()
        .uri(workspace.transcript(callId))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(transcript(body))
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.segments")
        .isEqualTo(count)
        .jsonPath("$.lastSequence")
        .isEqualTo(count - 1);

    assertThat(segmentsOf(callId))
        .extracting(TranscriptSegment::sequence)
        .containsExactlyElementsOf(LongStream.range(0, count).boxed().toList());
  }

  @Test
  void shouldRejectSegmentThatIsNull() {
    String callId = ingest.createCall(workspace, call("Null segment", "upload"));

    expectBadRequest(
        callId,
        "{\"segments\": [{\"speaker\": \"Ana\", \"startMs\": 0, \"endMs\": 10, \"text\": \"Hi\"},"
            + " null]}",
        "segments[1] must not be null");
  }

  @Test
  void shouldRejectSpeakerWithNulCharacterNamingItsIndex() {
    String callId = ingest.createCall(workspace, call("NUL speaker", "upload"));

    expectBadRequest(
        callId, transcript(segment("Ana\u0000", 0, 1_000, "Hello.")), "segments[0].speaker");
  }

  @Test
  void shouldRejectSegmentWithBlankSpeakerNamingItsIndex() {
    String callId = ingest.createCall(workspace, call("No speaker", "upload"));

    expectBadRequest(callId, transcript(segment(" ", 0, 1_000, "Who said that?")), "segments[0]");
  }

  private void upload(String callId, Object body) {
    client
        .post()
        .uri(workspace.transcript(callId))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isAccepted();
  }

  private void expectBadRequest(String callId, Object body, String detailMentions) {
    client
        .post()
        .uri(workspace.transcript(callId))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(400)
        .jsonPath("$.detail")
        .value(String.class, detail -> assertThat(detail).contains(detailMentions));
  }

  private static List<TranscriptSegment> segmentsOf(String callId) {
    return TopicRecords.rawOfCall(ingest.kafka(), Topic.TRANSCRIPT, callId).stream()
        .map(CODEC::decode)
        .map(TranscriptSegment.class::cast)
        .toList();
  }

  /** Everything of a record that travels: key, headers and value. */
  private static byte[] wireBytes(ConsumerRecord<byte[], byte[]> record) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(record.key());
    for (Header header : record.headers()) {
      bytes.writeBytes(header.key().getBytes(StandardCharsets.UTF_8));
      bytes.writeBytes(header.value());
    }
    bytes.writeBytes(record.value());
    return bytes.toByteArray();
  }
}
