package io.callstream.ingest.kafka;

import static io.callstream.ingest.testing.IngestFixtures.call;
import static io.callstream.ingest.testing.IngestFixtures.segment;
import static io.callstream.ingest.testing.IngestFixtures.transcript;
import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.mapping;
import static java.util.stream.Collectors.toList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.callstream.api.auth.Role;
import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.event.CallStarted;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Topic;
import io.callstream.core.event.TranscriptSegment;
import io.callstream.embedded.Ports;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.embedded.kafka.EmbeddedKafka;
import io.callstream.ingest.call.CallCreated;
import io.callstream.ingest.idempotency.IdempotencyFilter;
import io.callstream.ingest.testing.RunningIngest;
import io.callstream.ingest.testing.TestWorkspace;
import io.callstream.ingest.testing.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka going away under a running ingest service and coming back: a broker and a service of the
 * test's own (the shared ones must stay up for every other test), the broker restarted on the same
 * port and log directory.
 *
 * <p>What it asserts, precisely:
 *
 * <ul>
 *   <li>while the broker is gone, a request that needs Kafka is answered 503 problem+json with
 *       {@code Retry-After}, within {@code kafka-timeout} plus slack for a slow machine;
 *   <li>after the restart, every transcript and call that was acknowledged (2xx), before or after
 *       the outage, is on its topic, each event id exactly once;
 *   <li>requests answered 503 left nothing behind: the call creation refused during the outage has
 *       no {@code call.started}, and the transcript refused during the outage is on the topic
 *       exactly once, from its retry with the same {@code Idempotency-Key}.
 * </ul>
 *
 * <p>The last point holds because the broker was gone before those requests began: their records
 * never left the producer, which drops them after {@code delivery.timeout.ms} (set to {@code
 * kafka-timeout}), and the broker is restarted only after that. A request that is in flight when a
 * broker dies may leave part of itself behind; event ids make a retry's duplicates harmless, and
 * this test does not pretend otherwise.
 */
@ExtendWith(SharedInfrastructure.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BrokerRestartIT {

  private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(2);

  /** What a slow, shared build machine may add to the bounded wait. */
  private static final Duration SLACK = Duration.ofSeconds(5);

  private static final CloudEventCodec CODEC = CloudEventCodec.of("ingest-it");

  @TempDir static Path dataDirectory;

  private static int port;
  private static EmbeddedKafka kafka;
  private static RunningIngest ingest;

  @BeforeAll
  static void setUp(Infrastructure infrastructure) {
    port = Ports.freePort("localhost");
    kafka = startBroker();
    kafka.createTopics(List.of(Topic.values()));
    ingest =
        RunningIngest.start(
            infrastructure.postgres(),
            kafka.endpoint(),
            Map.of(
                "callstream.ingest.kafka-timeout", KAFKA_TIMEOUT.toSeconds() + "s",
                "callstream.api.retry-after", RETRY_AFTER.toSeconds() + "s"));
  }

  @AfterAll
  static void tearDown() {
    if (ingest != null) {
      ingest.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldAnswer503WhileTheBrokerIsGoneAndKeepEveryAcknowledgedEventExactlyOnce()
      throws InterruptedException {
    TestWorkspace workspace = ingest.newWorkspace(Role.OWNER);
    WebTestClient client = ingest.clientOf(workspace);
    String before = ingest.createCall(workspace, call("Before the outage", "live"));
    String during = ingest.createCall(workspace, call("During the outage", "live"));
    assertThat(postTranscript(client, workspace, before, newKey(), lines("before")).getStatus())
        .isEqualTo(HttpStatus.ACCEPTED);

    kafka.close();

    String refusedKey = newKey();
    long started = System.nanoTime();
    EntityExchangeResult<byte[]> refused =
        postTranscript(client, workspace, during, refusedKey, lines("during"));
    Duration waited = Duration.ofNanos(System.nanoTime() - started);
    assertUnavailable(refused);
    assertThat(waited).isLessThan(KAFKA_TIMEOUT.plus(SLACK));
    assertThat(new String(refused.getResponseBody(), StandardCharsets.UTF_8))
        .contains("Kafka did not acknowledge the request within 3 s");
    assertUnavailable(
        client
            .post()
            .uri(workspace.calls())
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(call("Refused while Kafka is gone", "live"))
            .exchange()
            .expectBody()
            .returnResult());

    // The producer drops the refused records once delivery.timeout.ms (= kafka-timeout) has passed
    // since they were sent; only then may the broker come back, or they could still arrive.
    Thread.sleep(KAFKA_TIMEOUT.toMillis());
    kafka = startBroker();

    acceptedEventually(
        () -> postTranscript(client, workspace, during, refusedKey, lines("during")));
    String afterKey = newKey();
    String after =
        callId(
            acceptedEventually(
                () ->
                    client
                        .post()
                        .uri(workspace.calls())
                        .header(IdempotencyFilter.HEADER, afterKey)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(call("After the outage", "live"))
                        .exchange()
                        .expectBody()
                        .returnResult()));
    String afterTranscriptKey = newKey();
    acceptedEventually(
        () -> postTranscript(client, workspace, after, afterTranscriptKey, lines("after")));

    List<CallstreamEvent> transcript = events(Topic.TRANSCRIPT);
    assertThat(transcript.stream().collect(groupingBy(CallstreamEvent::eventId, counting())))
        .as("every transcript event exactly once")
        .allSatisfy((eventId, copies) -> assertThat(copies).isOne());
    assertThat(
            transcript.stream()
                .map(TranscriptSegment.class::cast)
                .collect(
                    groupingBy(
                        TranscriptSegment::callId, mapping(TranscriptSegment::sequence, toList()))))
        .containsOnlyKeys(before, during, after)
        .allSatisfy((callId, sequences) -> assertThat(sequences).containsExactly(0L, 1L, 2L));

    List<CallstreamEvent> calls = events(Topic.CALLS);
    assertThat(calls).allSatisfy(event -> assertThat(event).isInstanceOf(CallStarted.class));
    assertThat(calls)
        .as("one call.started per acknowledged call, none for the refused one")
        .extracting(CallstreamEvent::callId)
        .containsExactlyInAnyOrder(before, during, after);
  }

  private static EmbeddedKafka startBroker() {
    return EmbeddedKafka.builder(dataDirectory).port(port).start();
  }

  private static EntityExchangeResult<byte[]> postTranscript(
      WebTestClient client,
      TestWorkspace workspace,
      String callId,
      String key,
      Map<String, Object> body) {
    return client
        .post()
        .uri(workspace.transcript(callId))
        .header(IdempotencyFilter.HEADER, key)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .exchange()
        .expectBody()
        .returnResult();
  }

  /** Sends a request again, as a client honouring Retry-After does, until it is accepted. */
  private static EntityExchangeResult<byte[]> acceptedEventually(
      Supplier<EntityExchangeResult<byte[]>> request) throws InterruptedException {
    long deadline = System.nanoTime() + RunningIngest.PATIENCE.toNanos();
    while (true) {
      EntityExchangeResult<byte[]> answer = request.get();
      if (answer.getStatus().is2xxSuccessful()) {
        assertThat(answer.getResponseHeaders().get(IdempotencyFilter.REPLAYED_HEADER))
            .as("a request refused with 503 runs again, it is not replayed")
            .isNull();
        return answer;
      }
      assertUnavailable(answer);
      if (System.nanoTime() - deadline > 0) {
        fail("still answered 503 %s after the broker came back", RunningIngest.PATIENCE);
      }
      Thread.sleep(
          TimeUnit.SECONDS.toMillis(
              Long.parseLong(answer.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))));
    }
  }

  private static void assertUnavailable(EntityExchangeResult<byte[]> answer) {
    assertThat(answer.getStatus()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(answer.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))
        .isEqualTo(Long.toString(RETRY_AFTER.toSeconds()));
    assertThat(answer.getResponseHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
  }

  private static List<CallstreamEvent> events(Topic topic) {
    return TopicRecords.rawAll(kafka.endpoint(), topic).stream().map(CODEC::decode).toList();
  }

  private static Map<String, Object> lines(String when) {
    return transcript(
        segment("Ana", 0, 1_000, "First line " + when + " the outage."),
        segment("Ben", 1_000, 2_000, "Second line " + when + " the outage."),
        segment("Ana", 2_000, 3_000, "Third line " + when + " the outage."));
  }

  private static String callId(EntityExchangeResult<byte[]> created) {
    return ingest
        .bean(JsonMapper.class)
        .readValue(created.getResponseBody(), CallCreated.class)
        .callId();
  }

  private static String newKey() {
    return UUID.randomUUID().toString();
  }
}
