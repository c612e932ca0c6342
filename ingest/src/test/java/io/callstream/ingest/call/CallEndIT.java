package io.callstream.ingest.call;

import static io.callstream.ingest.testing.IngestFixtures.call;
import static io.callstream.ingest.testing.IngestFixtures.segment;
import static io.callstream.ingest.testing.IngestFixtures.transcript;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.Role;
import io.callstream.core.cloudevents.CallstreamEventDeserializer;
import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.crypto.Field;
import io.callstream.core.event.AudioChunk;
import io.callstream.core.event.CallEnded;
import io.callstream.core.event.Topic;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.ingest.testing.IngestFixtures;
import io.callstream.ingest.testing.IngestServer;
import io.callstream.ingest.testing.RunningIngest;
import io.callstream.ingest.testing.TestWorkspace;
import io.callstream.ingest.testing.TopicRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Ending calls: {@code POST .../calls/{callId}/end}. */
@ExtendWith({SharedInfrastructure.class, IngestServer.class})
class CallEndIT {

  private static final CloudEventCodec CODEC = CloudEventCodec.of("ingest-it");
  private static final MediaType OGG = MediaType.parseMediaType("audio/ogg");

  /** The chunk size of recorded (encoded) audio. */
  private static final int RECORDING_CHUNK_BYTES = 512 * 1024;

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
  void shouldLinkLiveFeedSegmentsAndEndOfANewCall() {
    CallCreated created =
        client
            .post()
            .uri(workspace.calls())
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(call("Links", "live"))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(CallCreated.class)
            .returnResult()
            .getResponseBody();

    String base = workspace.calls() + "/" + created.callId();
    assertThat(created.links())
        .containsEntry("live", base + "/live")
        .containsEntry("segments", base + "/segments")
        .containsEntry("end", base + "/end")
        .containsEntry("liveAudio", base + "/audio/live");
  }

  @Test
  void shouldEndCallLastingUntilItsLastSegmentAndPublishCallEnded() {
    String callId = ingest.createCall(workspace, call("Weekly sync", "upload"));
    upload(
        callId,
        transcript(
            segment("Ana", 0, 3_000, "Let's start."),
            segment("Ben", 3_000, 8_250, "Done already.")));

    EndedCall ended = end(callId);

    assertThat(ended.callId()).isEqualTo(callId);
    assertThat(ended.status()).isEqualTo("ended");
    assertThat(ended.durationMs()).isEqualTo(8_250);
    assertThat(ended.lastSequence()).isEqualTo(1L);
    assertThat(callEndedEvents(callId))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.workspaceId()).isEqualTo(workspace.workspaceId());
              assertThat(event.durationMs()).isEqualTo(8_250);
              assertThat(event.lastSequence()).isEqualTo(1L);
              assertThat(event.occurredAt().toEpochMilli())
                  .isEqualTo(ended.endedAt().toEpochMilli());
            });
  }

  @Test
  void shouldAnswerTheSameWhenEndedAgain() {
    String callId = ingest.createCall(workspace, call("Ended twice", "live"));

    EndedCall first = end(callId);
    EndedCall second = end(callId);

    assertThat(second).isEqualTo(first);
    // Published again so that a retry heals a lost event, but as the same event.
    assertThat(callEndedEvents(callId))
        .hasSize(2)
        .extracting(CallEnded::eventId)
        .containsOnly(callEndedEvents(callId).get(0).eventId());
  }

  @Test
  void shouldTakeTheWallClockForCallWithoutSegments() {
    Instant before = Instant.now();
    String callId = ingest.createCall(workspace, call("Silent call", "live"));

    EndedCall ended = end(callId);

    assertThat(ended.durationMs())
        .isBetween(0L, Duration.between(before, Instant.now()).toMillis() + 1_000);
  }

  @Test
  void shouldRejectTranscriptOfEndedCallWith409Problem() {
    String callId = ingest.createCall(workspace, call("Closed", "upload"));
    end(callId);

    client
        .post()
        .uri(workspace.transcript(callId))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(transcript(segment("Ana", 0, 1_000, "Too late.")))
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.CONFLICT)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(409)
        .jsonPath("$.detail")
        .isEqualTo("call " + callId + " has ended; it accepts no more segments");

    assertThat(TopicRecords.rawOfCall(ingest.kafka(), Topic.TRANSCRIPT, callId)).isEmpty();
  }

  @Test
  void shouldAnswer404ForCallThatDoesNotExistOrIsAnotherWorkspaces() {
    TestWorkspace other = ingest.newWorkspace(Role.OWNER);
    String othersCall = ingest.createCall(other, call("Globex board meeting", "live"));

    for (String callId : List.of(IngestFixtures.unknownCallId(), othersCall)) {
      client
          .post()
          .uri(workspace.calls() + "/" + callId + "/end")
          .exchange()
          .expectStatus()
          .isNotFound()
          .expectHeader()
          .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }
    assertThat(callEndedEvents(othersCall)).isEmpty();
  }

  @Test
  void shouldEndAudioCallWithIncompleteUploadByPublishingTheLastChunkAndNoCallEnded() {
    String callId = ingest.createCall(workspace, call("Recording cut short", "upload"));
    byte[] audio = new byte[RECORDING_CHUNK_BYTES];
    new Random(7).nextBytes(audio);
    client
        .put()
        .uri(audioOf(callId))
        .contentType(OGG)
        .header(HttpHeaders.CONTENT_RANGE, "bytes 0-" + (audio.length - 1) + "/*")
        .bodyValue(audio)
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.PERMANENT_REDIRECT);

    EndedCall first = end(callId);
    EndedCall again = end(callId);

    assertThat(first.status()).isEqualTo("ended");
    assertThat(again).isEqualTo(first);
    List<AudioChunk> chunks = audioChunksOf(callId);
    assertThat(chunks).extracting(AudioChunk::sequence).containsExactly(0L, 1L);
    assertThat(chunks).extracting(AudioChunk::last).containsExactly(false, true);
    AudioChunk last = chunks.get(1);
    assertThat(last.offset()).isEqualTo(audio.length);
    assertThat(last.contentType()).isEqualTo(OGG.toString());
    assertThat(
            ingest
                .readerCipher()
                .decrypt(workspace.workspaceId(), callId, Field.AUDIO, last.audio().bytes()))
        .isEmpty();
    assertThat(callEndedEvents(callId)).as("the transcription job ends audio calls").isEmpty();
    client
        .head()
        .uri(audioOf(callId))
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("Upload-Length", Integer.toString(audio.length));
  }

  @Test
  void shouldMarkCallEndedWhenItsUploadCompletesAndEndItWithoutAnotherChunkOrCallEnded() {
    String callId = ingest.createCall(workspace, call("Whole recording", "upload"));
    byte[] audio = new byte[10_000];
    new Random(10).nextBytes(audio);
    client
        .put()
        .uri(audioOf(callId))
        .contentType(OGG)
        .bodyValue(audio)
        .exchange()
        .expectStatus()
        .isCreated();

    client
        .post()
        .uri(workspace.transcript(callId))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(transcript(segment("Ana", 0, 1_000, "Too late.")))
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.CONFLICT);
    assertThat(end(callId).status()).isEqualTo("ended");

    assertThat(audioChunksOf(callId))
        .singleElement()
        .satisfies(chunk -> assertThat(chunk.last()).isTrue());
    assertThat(callEndedEvents(callId)).isEmpty();
  }

  private static String audioOf(String callId) {
    return workspace.calls() + "/" + callId + "/audio";
  }

  private static List<AudioChunk> audioChunksOf(String callId) {
    return TopicRecords.rawOfCall(ingest.kafka(), Topic.AUDIO, callId).stream()
        .map(CODEC::decode)
        .map(AudioChunk.class::cast)
        .toList();
  }

  private static EndedCall end(String callId) {
    return client
        .post()
        .uri(workspace.calls() + "/" + callId + "/end")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(EndedCall.class)
        .returnResult()
        .getResponseBody();
  }

  private static void upload(String callId, Object body) {
    client
        .post()
        .uri(workspace.transcript(callId))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isAccepted();
  }

  private static List<CallEnded> callEndedEvents(String callId) {
    return TopicRecords.ofCall(
            ingest.kafka(), Topic.CALLS, callId, new CallstreamEventDeserializer())
        .stream()
        .map(ConsumerRecord::value)
        .filter(CallEnded.class::isInstance)
        .map(CallEnded.class::cast)
        .toList();
  }
}
