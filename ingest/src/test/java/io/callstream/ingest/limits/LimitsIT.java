package io.callstream.ingest.limits;

import static io.callstream.ingest.testing.IngestFixtures.call;
import static io.callstream.ingest.testing.IngestFixtures.segment;
import static io.callstream.ingest.testing.IngestFixtures.transcript;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.Role;
import io.callstream.core.event.Topic;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.ingest.idempotency.IdempotencyFilter;
import io.callstream.ingest.testing.AudioSocket;
import io.callstream.ingest.testing.RunningIngest;
import io.callstream.ingest.testing.TestWorkspace;
import io.callstream.ingest.testing.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The limits of {@code callstream.ingest.limits.*}, on an ingest service of its own whose limits
 * are small enough to reach with small requests (the shared service runs with the defaults).
 */
@ExtendWith(SharedInfrastructure.class)
class LimitsIT {

  private static final int TRANSCRIPT_BYTES = 2_048;
  private static final int TEXT_CHARACTERS = 50;
  private static final int SEGMENTS_PER_CALL = 5;
  private static final int AUDIO_BYTES = 40_000;

  private static RunningIngest ingest;
  private static TestWorkspace workspace;
  private static WebTestClient client;

  @BeforeAll
  static void setUp(Infrastructure infrastructure) {
    ingest =
        RunningIngest.start(
            infrastructure.postgres(),
            infrastructure.kafka(),
            Map.of(
                "callstream.ingest.limits.transcript-bytes", TRANSCRIPT_BYTES + "B",
                "callstream.ingest.limits.segment-text-characters", "" + TEXT_CHARACTERS,
                "callstream.ingest.limits.segments-per-call", "" + SEGMENTS_PER_CALL,
                "callstream.ingest.limits.audio-bytes", AUDIO_BYTES + "B"));
    workspace = ingest.newWorkspace(Role.MEMBER);
    client = ingest.clientOf(workspace);
  }

  @AfterAll
  static void tearDown() {
    if (ingest != null) {
      ingest.close();
    }
  }

  @Test
  void shouldStopALiveAudioFeedAtTheAudioLimitWith413AndKeepWhatWasStored() {
    String callId = ingest.createCall(workspace, call("Endless meeting", "live"));

    // 8 kHz mono: chunks of 16 000 bytes; the limit is crossed in the third
    try (AudioSocket socket =
        AudioSocket.open(
            ingest,
            workspace.calls() + "/" + callId + "/audio/live?rate=8000",
            workspace.bearer(),
            List.of("callstream.audio.v1"))) {
      for (int frame = 0; frame < 5; frame++) {
        socket.sendBinary(new byte[10_000]);
      }
      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(reply -> assertThat(reply.get("type").asString()).isEqualTo("ready"))
          .assertNext(reply -> assertThat(reply.get("bytes").asLong()).isEqualTo(16_000))
          .assertNext(reply -> assertThat(reply.get("bytes").asLong()).isEqualTo(32_000))
          .assertNext(
              reply -> {
                assertThat(reply.get("type").asString()).isEqualTo("error");
                assertThat(reply.get("status").asInt()).isEqualTo(413);
                assertThat(reply.get("detail").asString())
                    .contains("the audio is larger than the limit of 40000 bytes")
                    .contains("bytes 0-31999 of this call's audio are stored");
              })
          .expectComplete()
          .verify(RunningIngest.PATIENCE);
      assertThat(socket.closeCode()).isEqualTo(1009);
    }

    assertThat(TopicRecords.rawOfCall(ingest.kafka(), Topic.AUDIO, callId)).hasSize(2);
  }

  @Test
  void shouldAcceptATranscriptRightAtEveryLimit() {
    String callId = ingest.createCall(workspace, call("At the limits", "upload"));
    List<Map<String, Object>> segments = new ArrayList<>();
    for (int i = 0; i < SEGMENTS_PER_CALL; i++) {
      segments.add(segment("Ana", i * 1_000L, i * 1_000L + 900, "x".repeat(TEXT_CHARACTERS)));
    }

    client
        .post()
        .uri(workspace.transcript(callId))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(transcript(segments))
        .exchange()
        .expectStatus()
        .isAccepted();
  }

  @Test
  void shouldAnswer413ForATranscriptOverTheSizeLimitNamingTheSetting() {
    String callId = ingest.createCall(workspace, call("Too large", "upload"));

    client
        .post()
        .uri(workspace.transcript(callId))
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue("Ana: " + "blah ".repeat(TRANSCRIPT_BYTES / 5) + "\n")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(413)
        .jsonPath("$.setting")
        .isEqualTo("callstream.ingest.limits.transcript-bytes")
        .jsonPath("$.limit")
        .isEqualTo("transcript-bytes")
        .jsonPath("$.maximum")
        .isEqualTo(TRANSCRIPT_BYTES)
        .jsonPath("$.detail")
        .value(
            String.class,
            detail ->
                assertThat(detail)
                    .contains("more than the " + TRANSCRIPT_BYTES + " bytes a transcript may have")
                    .contains("callstream.ingest.limits.transcript-bytes"));

    assertThat(TopicRecords.rawOfCall(ingest.kafka(), Topic.TRANSCRIPT, callId)).isEmpty();
  }

  @Test
  void shouldAnswer413ForAStreamedTranscriptWithoutContentLength() {
    String callId = ingest.createCall(workspace, call("Too large, chunked", "upload"));
    Flux<DataBuffer> chunks =
        Flux.range(0, 8)
            .map(
                i ->
                    DefaultDataBufferFactory.sharedInstance.wrap(
                        ("Ana: " + "word ".repeat(100) + "\n").getBytes(StandardCharsets.UTF_8)));

    ResponseEntity<String> answer =
        WebClient.builder()
            .baseUrl(ingest.baseUrl().toString())
            .defaultHeader(HttpHeaders.AUTHORIZATION, workspace.bearer())
            .build()
            .post()
            .uri(workspace.transcript(callId))
            .contentType(MediaType.TEXT_PLAIN)
            .body(chunks, DataBuffer.class)
            .exchangeToMono(response -> response.toEntity(String.class))
            .block(RunningIngest.PATIENCE);

    assertThat(answer.getStatusCode().value()).isEqualTo(413);
    assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(answer.getBody()).contains("callstream.ingest.limits.transcript-bytes");
    assertThat(TopicRecords.rawOfCall(ingest.kafka(), Topic.TRANSCRIPT, callId)).isEmpty();
  }

  @Test
  void shouldAnswer422ForASegmentWithTooLongTextNamingItAndTheSetting() {
    String callId = ingest.createCall(workspace, call("Long segment", "upload"));

    client
        .post()
        .uri(workspace.transcript(callId))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            transcript(
                segment("Ana", 0, 1_000, "Short."),
                segment("Ben", 1_000, 2_000, "y".repeat(TEXT_CHARACTERS + 1))))
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.setting")
        .isEqualTo("callstream.ingest.limits.segment-text-characters")
        .jsonPath("$.maximum")
        .isEqualTo(TEXT_CHARACTERS)
        .jsonPath("$.detail")
        .value(
            String.class,
            detail ->
                assertThat(detail)
                    .startsWith("segments[1].text has " + (TEXT_CHARACTERS + 1) + " characters"));

    assertThat(TopicRecords.rawOfCall(ingest.kafka(), Topic.TRANSCRIPT, callId)).isEmpty();
  }

  @Test
  void shouldAnswer422ForMoreSegmentsThanACallMayHave() {
    String callId = ingest.createCall(workspace, call("Too many segments", "upload"));
    List<Map<String, Object>> segments = new ArrayList<>();
    for (int i = 0; i <= SEGMENTS_PER_CALL; i++) {
      segments.add(segment("Ana", i * 1_000L, i * 1_000L + 900, "Segment " + i));
    }

    client
        .post()
        .uri(workspace.transcript(callId))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(transcript(segments))
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
        .expectBody()
        .jsonPath("$.setting")
        .isEqualTo("callstream.ingest.limits.segments-per-call")
        .jsonPath("$.detail")
        .value(
            String.class,
            detail ->
                assertThat(detail)
                    .contains("segments[" + SEGMENTS_PER_CALL + "]")
                    .contains("beyond the " + SEGMENTS_PER_CALL + " segments a call may have"));

    assertThat(TopicRecords.rawOfCall(ingest.kafka(), Topic.TRANSCRIPT, callId)).isEmpty();
  }

  @Test
  void shouldAnswer413ForABodyWithAKeyOverTheIdempotencyBound() {
    client
        .post()
        .uri(workspace.calls())
        .header(IdempotencyFilter.HEADER, "large-body")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("title", "t".repeat(TRANSCRIPT_BYTES), "source", "upload"))
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
        .expectBody()
        .jsonPath("$.setting")
        .isEqualTo("callstream.ingest.idempotency.max-body-bytes");
  }
}
