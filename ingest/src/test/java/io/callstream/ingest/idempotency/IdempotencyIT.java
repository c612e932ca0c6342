package io.callstream.ingest.idempotency;

import static io.callstream.ingest.testing.IngestFixtures.call;
import static io.callstream.ingest.testing.IngestFixtures.segment;
import static io.callstream.ingest.testing.IngestFixtures.transcript;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.Role;
import io.callstream.core.event.Topic;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.ingest.call.CallCreated;
import io.callstream.ingest.testing.IngestServer;
import io.callstream.ingest.testing.RunningIngest;
import io.callstream.ingest.testing.TestWorkspace;
import io.callstream.ingest.testing.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/** {@code Idempotency-Key} end to end: real HTTP, PostgreSQL and Kafka. */
@ExtendWith({SharedInfrastructure.class, IngestServer.class})
class IdempotencyIT {

  private static RunningIngest ingest;

  @BeforeAll
  static void setUp(RunningIngest running) {
    ingest = running;
  }

  @Test
  void shouldReplayTheFirstAnswerToARetryAndStartTheCallOnce() {
    TestWorkspace workspace = ingest.newWorkspace(Role.MEMBER);
    String key = newKey();

    EntityExchangeResult<byte[]> first = createCall(workspace, key, call("Retried", "upload"));
    EntityExchangeResult<byte[]> retry = createCall(workspace, key, call("Retried", "upload"));

    assertThat(first.getStatus()).isEqualTo(HttpStatus.CREATED);
    assertThat(first.getResponseHeaders().get(IdempotencyFilter.REPLAYED_HEADER)).isNull();
    assertThat(retry.getStatus()).isEqualTo(HttpStatus.CREATED);
    assertThat(retry.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED_HEADER))
        .isEqualTo("true");
    assertThat(retry.getResponseBody()).isEqualTo(first.getResponseBody());
    assertThat(retry.getResponseHeaders().getLocation())
        .isEqualTo(first.getResponseHeaders().getLocation());
    assertThat(retry.getResponseHeaders().getContentType())
        .isEqualTo(first.getResponseHeaders().getContentType());

    String callId = callId(first);
    assertThat(callsOf(workspace)).isEqualTo(1);
    assertThat(TopicRecords.rawOfCall(ingest.kafka(), Topic.CALLS, callId)).hasSize(1);
  }

  @Test
  void shouldPublishATranscriptOnceWhenItIsSentTwiceWithOneKey() {
    TestWorkspace workspace = ingest.newWorkspace(Role.MEMBER);
    String callId = ingest.createCall(workspace, call("Transcript twice", "upload"));
    Map<String, Object> body =
        transcript(
            segment("Ana", 0, 1_000, "First."),
            segment("Ben", 1_000, 2_000, "Second."),
            segment("Ana", 2_000, 3_000, "Third."));
    String key = newKey();

    EntityExchangeResult<byte[]> first = postTranscript(workspace, callId, key, body);
    EntityExchangeResult<byte[]> retry = postTranscript(workspace, callId, key, body);

    assertThat(first.getStatus()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(retry.getStatus()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(retry.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED_HEADER))
        .isEqualTo("true");
    assertThat(retry.getResponseBody()).isEqualTo(first.getResponseBody());
    assertThat(TopicRecords.rawOfCall(ingest.kafka(), Topic.TRANSCRIPT, callId)).hasSize(3);
  }

  @Test
  void shouldAnswer422ForTheKeyWithAnotherBodyAndRunNothing() {
    TestWorkspace workspace = ingest.newWorkspace(Role.MEMBER);
    String key = newKey();
    createCall(workspace, key, call("Original", "upload"));

    client(workspace, key)
        .post()
        .uri(workspace.calls())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(call("Something else", "upload"))
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader()
        .doesNotExist(IdempotencyFilter.REPLAYED_HEADER)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(422)
        .jsonPath("$.detail")
        .value(String.class, detail -> assertThat(detail).contains("different request"));

    assertThat(callsOf(workspace)).isEqualTo(1);
  }

  @Test
  void shouldAnswer422ForTheKeyOnAnotherEndpoint() {
    TestWorkspace workspace = ingest.newWorkspace(Role.MEMBER);
    String key = newKey();
    String callId = callId(createCall(workspace, key, call("Key reused", "upload")));

    assertThat(
            postTranscript(
                    workspace, callId, key, transcript(segment("Ana", 0, 1_000, "Hello there.")))
                .getStatus())
        .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
    assertThat(TopicRecords.rawOfCall(ingest.kafka(), Topic.TRANSCRIPT, callId)).isEmpty();
  }

  @Test
  void shouldRunOnlyOneOfConcurrentDuplicates() {
    TestWorkspace workspace = ingest.newWorkspace(Role.MEMBER);
    String key = newKey();
    WebClient client =
        WebClient.builder()
            .baseUrl(ingest.baseUrl().toString())
            .defaultHeader(HttpHeaders.AUTHORIZATION, workspace.bearer())
            .build();
    int duplicates = 8;

    List<ResponseEntity<String>> answers =
        Flux.range(0, duplicates)
            .flatMap(
                i ->
                    client
                        .post()
                        .uri(workspace.calls())
                        .header(IdempotencyFilter.HEADER, key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(call("Double click", "upload"))
                        .exchangeToMono(response -> response.toEntity(String.class)),
                duplicates)
            .collectList()
            .block(RunningIngest.PATIENCE);

    List<ResponseEntity<String>> ran =
        answers.stream()
            .filter(answer -> answer.getStatusCode().value() == HttpStatus.CREATED.value())
            .filter(
                answer -> !answer.getHeaders().containsHeader(IdempotencyFilter.REPLAYED_HEADER))
            .toList();
    assertThat(ran).hasSize(1);
    assertThat(answers)
        .allSatisfy(
            answer -> {
              if (answer.getStatusCode().value() == HttpStatus.CONFLICT.value()) {
                assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
                assertThat(answer.getHeaders().getContentType())
                    .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
              } else {
                assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CREATED);
                assertThat(answer.getBody()).isEqualTo(ran.get(0).getBody());
              }
            });
    assertThat(callsOf(workspace)).isEqualTo(1);
  }

  @Test
  void shouldAnswer409WithRetryAfterWhileTheFirstRequestRuns() {
    TestWorkspace workspace = ingest.newWorkspace(Role.MEMBER);
    String key = newKey();
    byte[] body =
        "{\"title\":\"Slow first\",\"source\":\"upload\"}".getBytes(StandardCharsets.UTF_8);
    // The first request, claimed and still running, as a handler stuck on Kafka would leave it.
    ingest
        .bean(IdempotencyKeyRepository.class)
        .claim(
            workspace.workspaceId(),
            new IdempotencyKey(key),
            RequestFingerprint.of(
                "POST",
                workspace.calls(),
                "application/json",
                DefaultDataBufferFactory.sharedInstance.wrap(body)),
            UUID.randomUUID(),
            Duration.ofHours(1),
            Duration.ofMinutes(5))
        .block(RunningIngest.PATIENCE);

    client(workspace, key)
        .post()
        .uri(workspace.calls())
        .header(HttpHeaders.CONTENT_TYPE, "application/json")
        .bodyValue(body)
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.CONFLICT)
        .expectHeader()
        .valueEquals(HttpHeaders.RETRY_AFTER, "1")
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(String.class, detail -> assertThat(detail).contains("still being processed"));

    assertThat(callsOf(workspace)).isZero();
  }

  @Test
  void shouldFreeTheKeyAfterAFailedFirstAttempt() {
    TestWorkspace workspace = ingest.newWorkspace(Role.MEMBER);
    String key = newKey();

    for (int attempt = 0; attempt < 2; attempt++) {
      client(workspace, key)
          .post()
          .uri(workspace.calls())
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(call("Bad source", "radio"))
          .exchange()
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .doesNotExist(IdempotencyFilter.REPLAYED_HEADER);
    }

    assertThat(
            ingest
                .bean(IdempotencyKeyRepository.class)
                .find(workspace.workspaceId(), new IdempotencyKey(key))
                .blockOptional(RunningIngest.PATIENCE))
        .isEmpty();
  }

  @Test
  void shouldAnswer400ForAKeyLongerThan255Characters() {
    TestWorkspace workspace = ingest.newWorkspace(Role.MEMBER);

    client(workspace, "k".repeat(256))
        .post()
        .uri(workspace.calls())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(call("Long key", "upload"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .isEqualTo("Idempotency-Key must have at most 255 characters, it has 256");

    assertThat(callsOf(workspace)).isZero();
  }

  @Test
  void shouldKeepKeysOfWorkspacesApart() {
    TestWorkspace acme = ingest.newWorkspace(Role.MEMBER);
    TestWorkspace globex = ingest.newWorkspace(Role.MEMBER);
    String key = newKey();

    EntityExchangeResult<byte[]> ofAcme = createCall(acme, key, call("Same key", "upload"));
    EntityExchangeResult<byte[]> ofGlobex = createCall(globex, key, call("Same key", "upload"));

    assertThat(ofGlobex.getStatus()).isEqualTo(HttpStatus.CREATED);
    assertThat(ofGlobex.getResponseHeaders().get(IdempotencyFilter.REPLAYED_HEADER)).isNull();
    assertThat(callId(ofGlobex)).isNotEqualTo(callId(ofAcme));
  }

  @Test
  void shouldRunEveryRequestWithoutAKey() {
    TestWorkspace workspace = ingest.newWorkspace(Role.MEMBER);

    ingest.createCall(workspace, call("No key", "upload"));
    ingest.createCall(workspace, call("No key", "upload"));

    assertThat(callsOf(workspace)).isEqualTo(2);
  }

  @Test
  void shouldPassAStreamedSegmentBodyThroughWithoutClaimingItsKey() {
    TestWorkspace workspace = ingest.newWorkspace(Role.MEMBER);
    String callId = ingest.createCall(workspace, call("Live, streamed", "live"));
    String key = newKey();
    String line =
        "{\"sequence\":0,\"speaker\":\"Ana\",\"startMs\":0,\"endMs\":900,"
            + "\"text\":\"Streamed hello.\",\"final\":true}\n";

    for (int attempt = 0; attempt < 2; attempt++) {
      client(workspace, key)
          .post()
          .uri(workspace.calls() + "/" + callId + "/segments")
          .contentType(MediaType.APPLICATION_NDJSON)
          .bodyValue(line)
          .exchange()
          .expectStatus()
          .isOk()
          .expectHeader()
          .doesNotExist(IdempotencyFilter.REPLAYED_HEADER);
    }

    assertThat(
            ingest
                .bean(IdempotencyKeyRepository.class)
                .find(workspace.workspaceId(), new IdempotencyKey(key))
                .blockOptional(RunningIngest.PATIENCE))
        .isEmpty();
    // The stream's own sequence numbers made the second copy a duplicate.
    assertThat(TopicRecords.rawOfCall(ingest.kafka(), Topic.TRANSCRIPT, callId)).hasSize(1);
  }

  @Test
  void shouldAnswer400ForAKeyWithAFormBody() {
    TestWorkspace workspace = ingest.newWorkspace(Role.MEMBER);

    client(workspace, newKey())
        .post()
        .uri(workspace.calls())
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .bodyValue("title=Form")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(String.class, detail -> assertThat(detail).contains("form or multipart"));
  }

  private static EntityExchangeResult<byte[]> createCall(
      TestWorkspace workspace, String key, Map<String, ?> body) {
    return client(workspace, key)
        .post()
        .uri(workspace.calls())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectBody()
        .returnResult();
  }

  private static EntityExchangeResult<byte[]> postTranscript(
      TestWorkspace workspace, String callId, String key, Map<String, ?> body) {
    return client(workspace, key)
        .post()
        .uri(workspace.transcript(callId))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectBody()
        .returnResult();
  }

  private static WebTestClient client(TestWorkspace workspace, String key) {
    return ingest.clientOf(workspace).mutate().defaultHeader(IdempotencyFilter.HEADER, key).build();
  }

  private static String callId(EntityExchangeResult<byte[]> created) {
    return ingest
        .bean(JsonMapper.class)
        .readValue(created.getResponseBody(), CallCreated.class)
        .callId();
  }

  private static long callsOf(TestWorkspace workspace) {
    return ingest
        .db()
        .sql("select count(*) as n from calls where workspace_id = :workspaceId")
        .bind("workspaceId", workspace.workspaceId())
        .map(row -> row.get("n", Long.class))
        .one()
        .block(RunningIngest.PATIENCE);
  }

  private static String newKey() {
    return UUID.randomUUID().toString();
  }
}
