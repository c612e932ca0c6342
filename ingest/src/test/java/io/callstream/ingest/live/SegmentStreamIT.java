package io.callstream.ingest.live;

import static io.callstream.ingest.live.LiveFixtures.segment;
import static io.callstream.ingest.live.LiveFixtures.segments;
import static io.callstream.ingest.testing.IngestFixtures.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.Role;
import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.crypto.Field;
import io.callstream.core.event.Topic;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.ingest.testing.IngestServer;
import io.callstream.ingest.testing.RunningIngest;
import io.callstream.ingest.testing.TestWorkspace;
import io.callstream.ingest.testing.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** The streamed NDJSON upload against a real ingest service, Kafka and PostgreSQL. */
@ExtendWith({SharedInfrastructure.class, IngestServer.class})
class SegmentStreamIT {

  private static final CloudEventCodec CODEC = CloudEventCodec.of("ingest-it");

  private static RunningIngest ingest;
  private static TestWorkspace workspace;

  @BeforeAll
  static void setUp(RunningIngest running) {
    ingest = running;
    workspace = ingest.newWorkspace(Role.MEMBER);
  }

  /**
   * The body holds back its tail until the first ack has arrived, so the test passes only if acks
   * stream out while the body is still coming in; then a long tail, generated line by line as the
   * client sends it, checks that nothing piles up.
   */
  @Test
  void shouldStreamAcksWhileTheBodyIsStillBeingSent() {
    String callId = ingest.createCall(workspace, call("Streamed upload", "live"));
    int count = 5_000;
    CompletableFuture<Void> firstAck = new CompletableFuture<>();
    AtomicLong sent = new AtomicLong();
    Flux<String> body =
        Flux.concat(
                lines(0, 10),
                Mono.fromFuture(firstAck).thenMany(Flux.defer(() -> lines(10, count))))
            .doOnNext(line -> sent.incrementAndGet());

    streamOf(callId, body)
        .doOnNext(reply -> firstAck.complete(null))
        .as(StepVerifier::create)
        .assertNext(
            first -> {
              assertThat(first.get("ack").asLong()).isZero();
              assertThat(sent.get()).as("lines sent when the first ack came").isLessThan(count);
            })
        .thenConsumeWhile(
            reply -> reply.has("ack") && !reply.get("duplicate").asBoolean(),
            reply -> assertThat(reply.get("ack").asLong()).isBetween(1L, count - 1L))
        .expectComplete()
        .verify(RunningIngest.PATIENCE);

    assertThat(segmentsOf(callId))
        .extracting(TranscriptSegment::sequence)
        .containsExactlyElementsOf(LongStream.range(0, count).boxed().toList());
  }

  @Test
  void shouldAnswerBadLinesWithErrorsNamingThemAndGoOnWithTheRest() {
    String callId = ingest.createCall(workspace, call("Bad lines", "live"));

    streamOf(
            callId,
            Flux.just(
                segment(0, "Ana", 0, 1_000, "Fine.") + "\n",
                "{\"sequence\": 1, \"text\": oops}\n",
                "\n",
                "{\"sequence\": 1, \"startMs\": 0, \"endMs\": 10, \"text\": \"Hi\", \"final\": \"no\"}\r\n",
                segment(1, "Ben", 1_000, 2_000, "Also fine.")))
        .as(StepVerifier::create)
        .assertNext(reply -> assertThat(reply.get("ack").asLong()).isZero())
        .assertNext(
            reply -> {
              assertThat(reply.at("/error/status").asInt()).isEqualTo(400);
              assertThat(reply.at("/error/detail").asString())
                  .startsWith("line 2: is not valid JSON");
              assertThat(reply.at("/error/line").asLong()).isEqualTo(2);
              assertThat(reply.has("sequence")).isFalse();
            })
        .assertNext(
            reply -> {
              assertThat(reply.at("/error/detail").asString())
                  .isEqualTo("line 4: final must be true or false, was a string");
              assertThat(reply.at("/error/field").asString()).isEqualTo("final");
              assertThat(reply.get("sequence").asLong()).isEqualTo(1);
            })
        .assertNext(reply -> assertThat(reply.get("ack").asLong()).isEqualTo(1))
        .expectComplete()
        .verify(RunningIngest.PATIENCE);

    assertThat(segmentsOf(callId)).extracting(TranscriptSegment::sequence).containsExactly(0L, 1L);
  }

  @Test
  void shouldAnswer400NamingALineThatIsNotUtf8AndGoOnWithTheRest() {
    String callId = ingest.createCall(workspace, call("Latin-1 lines", "live"));
    byte[] latin1 =
        (segment(0, "Ana", 0, 1_000, "Olá!") + "\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] utf8 = (segment(1, "Ben", 1_000, 2_000, "Olá!") + "\n").getBytes(StandardCharsets.UTF_8);

    streamOfBytes(callId, Flux.just(latin1, utf8))
        .as(StepVerifier::create)
        .assertNext(
            reply -> {
              assertThat(reply.at("/error/status").asInt()).isEqualTo(400);
              assertThat(reply.at("/error/detail").asString())
                  .matches("line 1: byte 0xE1 at offset \\d+ is not valid UTF-8 .*");
              assertThat(reply.at("/error/line").asLong()).isEqualTo(1);
              assertThat(reply.has("sequence")).isFalse();
            })
        .assertNext(reply -> assertThat(reply.get("ack").asLong()).isEqualTo(1))
        .expectComplete()
        .verify(RunningIngest.PATIENCE);

    List<TranscriptSegment> published = segmentsOf(callId);
    assertThat(published).extracting(TranscriptSegment::sequence).containsExactly(1L);
    assertThat(
            ingest
                .readerCipher()
                .decryptText(
                    workspace.workspaceId(),
                    callId,
                    Field.TRANSCRIPT_TEXT,
                    published.get(0).text().bytes()))
        .isEqualTo("Olá!");
  }

  @Test
  void shouldAnswer422ForSpeakerOutsideTheCallsParticipantsAndAcknowledgeAKnownOneInAnyCase() {
    String callId =
        ingest.createCall(
            workspace,
            Map.of(
                "title",
                "Closed list, streamed",
                "source",
                "live",
                "participants",
                List.of(
                    Map.of("name", "Ana", "role", "host"),
                    Map.of("name", "Ben", "role", "guest"))));

    streamOf(
            callId,
            Flux.just(
                segment(0, "Zed", 0, 1_000, "Who invited me?") + "\n",
                segment(1, "BEN", 1_000, 2_000, "Not me.") + "\n"))
        .as(StepVerifier::create)
        .assertNext(
            reply -> {
              assertThat(reply.at("/error/status").asInt()).isEqualTo(422);
              assertThat(reply.at("/error/detail").asString())
                  .isEqualTo(
                      "line 1: speaker 'Zed' is not a participant of this call"
                          + " (participants: Ana, Ben)");
              assertThat(reply.at("/error/field").asString()).isEqualTo("speaker");
              assertThat(reply.get("sequence").asLong()).isZero();
            })
        .assertNext(reply -> assertThat(reply.get("ack").asLong()).isEqualTo(1))
        .expectComplete()
        .verify(RunningIngest.PATIENCE);

    assertThat(segmentsOf(callId)).extracting(TranscriptSegment::speaker).containsExactly("BEN");
  }

  @Test
  void shouldAcknowledgeResentSegmentsAsDuplicatesWithoutPublishingThemAgain() {
    String callId = ingest.createCall(workspace, call("Resent upload", "live"));

    streamOf(callId, lines(0, 3))
        .as(StepVerifier::create)
        .expectNextCount(3)
        .expectComplete()
        .verify(RunningIngest.PATIENCE);
    streamOf(callId, lines(0, 3))
        .as(StepVerifier::create)
        .expectNextMatches(reply -> reply.get("duplicate").asBoolean())
        .expectNextMatches(reply -> reply.get("duplicate").asBoolean())
        .expectNextMatches(reply -> reply.get("duplicate").asBoolean())
        .expectComplete()
        .verify(RunningIngest.PATIENCE);

    assertThat(segmentsOf(callId)).hasSize(3);
  }

  @Test
  void shouldEndCallOnEndLineAndRejectLinesAfterIt() {
    String callId = ingest.createCall(workspace, call("Ended upload", "live"));

    streamOf(
            callId,
            Flux.just(
                segment(0, "Ana", 0, 3_300, "Bye.") + "\n",
                LiveFixtures.end() + "\n",
                segment(1, "Ana", 3_300, 4_000, "One more thing.") + "\n"))
        .as(StepVerifier::create)
        .assertNext(reply -> assertThat(reply.get("ack").asLong()).isZero())
        .assertNext(reply -> assertThat(reply.at("/ended/durationMs").asLong()).isEqualTo(3_300))
        .assertNext(
            reply -> {
              assertThat(reply.at("/error/status").asInt()).isEqualTo(409);
              assertThat(reply.at("/error/detail").asString())
                  .isEqualTo("line 3: call " + callId + " has ended; it accepts no more segments");
            })
        .expectComplete()
        .verify(RunningIngest.PATIENCE);
  }

  @Test
  void shouldAnswer409ProblemForCallThatHasEnded() {
    String callId = ingest.createCall(workspace, call("Over", "live"));
    ingest
        .clientOf(workspace)
        .post()
        .uri(LiveFixtures.end(workspace, callId))
        .exchange()
        .expectStatus()
        .isOk();

    ingest
        .clientOf(workspace)
        .post()
        .uri(segments(workspace, callId))
        .contentType(MediaType.APPLICATION_NDJSON)
        .bodyValue(segment(0, "Ana", 0, 1_000, "Too late."))
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.CONFLICT)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .isEqualTo("call " + callId + " has ended; it accepts no more segments");
    assertThat(segmentsOf(callId)).isEmpty();
  }

  @Test
  void shouldAnswer404ForAnotherWorkspacesCallAnd401WithoutKey() {
    TestWorkspace other = ingest.newWorkspace(Role.OWNER);
    String othersCall = ingest.createCall(other, call("Globex board meeting", "live"));

    for (String path : List.of(segments(other, othersCall), segments(workspace, othersCall))) {
      ingest
          .clientOf(workspace)
          .post()
          .uri(path)
          .contentType(MediaType.APPLICATION_NDJSON)
          .bodyValue(segment(0, "Mallory", 0, 1_000, "Injected line."))
          .exchange()
          .expectStatus()
          .isNotFound()
          .expectHeader()
          .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }
    ingest
        .anonymous()
        .post()
        .uri(segments(other, othersCall))
        .contentType(MediaType.APPLICATION_NDJSON)
        .bodyValue(segment(0, "Mallory", 0, 1_000, "Injected line."))
        .exchange()
        .expectStatus()
        .isUnauthorized();

    assertThat(segmentsOf(othersCall)).isEmpty();
  }

  /** The replies to {@code body}, read as they come. */
  private static Flux<JsonNode> streamOf(String callId, Flux<String> body) {
    return streamOfBytes(callId, body.map(line -> line.getBytes(StandardCharsets.UTF_8)));
  }

  /** The replies to {@code body}, sent as it is, UTF-8 or not. */
  private static Flux<JsonNode> streamOfBytes(String callId, Flux<byte[]> body) {
    return WebClient.builder()
        .baseUrl(ingest.baseUrl().toString())
        .defaultHeader(HttpHeaders.AUTHORIZATION, workspace.bearer())
        .build()
        .post()
        .uri(segments(workspace, callId))
        .contentType(MediaType.APPLICATION_NDJSON)
        .accept(MediaType.APPLICATION_NDJSON)
        .body(body, byte[].class)
        .retrieve()
        .bodyToFlux(String.class)
        .map(LiveFixtures::json);
  }

  /** Lines of final segments {@code from} (inclusive) to {@code to} (exclusive). */
  private static Flux<String> lines(long from, long to) {
    return Flux.range((int) from, (int) (to - from))
        .map(
            i ->
                segment(
                        i,
                        "spk_" + i % 3,
                        i * 2_000L,
                        i * 2_000L + 1_900,
                        "Segment " + i + " of a long upload, where everyone keeps talking.")
                    + "\n");
  }

  private static List<TranscriptSegment> segmentsOf(String callId) {
    return TopicRecords.rawOfCall(ingest.kafka(), Topic.TRANSCRIPT, callId).stream()
        .map(CODEC::decode)
        .map(TranscriptSegment.class::cast)
        .toList();
  }
}
