package io.callstream.ingest.call;

import static io.callstream.ingest.testing.IngestFixtures.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.Role;
import io.callstream.core.cloudevents.CallstreamEventDeserializer;
import io.callstream.core.event.CallStarted;
import io.callstream.core.event.CallstreamEvent;
import io.callstream.core.event.Topic;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.ingest.testing.IngestServer;
import io.callstream.ingest.testing.RunningIngest;
import io.callstream.ingest.testing.TestWorkspace;
import io.callstream.ingest.testing.TopicRecords;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;

@ExtendWith({SharedInfrastructure.class, IngestServer.class})
class CallsIT {

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
  void shouldCreateCallAndAnswerWithItsIdAndLinks() {
    CallCreated created =
        client
            .post()
            .uri(workspace.calls())
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("title", "Quarterly budget review", "source", "live"))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
            .expectBody(CallCreated.class)
            .returnResult()
            .getResponseBody();

    String base = workspace.calls() + "/" + created.callId();
    assertThat(created.callId()).isNotBlank();
    assertThat(created.links())
        .containsEntry("transcript", base + "/transcript")
        .containsEntry("events", base + "/events");
  }

  @Test
  void shouldPointLocationAtTheNewCall() {
    var result =
        client
            .post()
            .uri(workspace.calls())
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(call("Location check", "upload"))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(CallCreated.class)
            .returnResult();

    assertThat(result.getResponseHeaders().getLocation())
        .hasPath(workspace.calls() + "/" + result.getResponseBody().callId());
  }

  @Test
  void shouldStoreTheCallInItsWorkspace() {
    String callId = ingest.createCall(workspace, call("Stored call", "upload"));
    CallRepository calls = ingest.bean(CallRepository.class);

    calls
        .exists(workspace.workspaceId(), callId)
        .as(StepVerifier::create)
        .expectNext(true)
        .verifyComplete();
    calls
        .exists("ws_someone_else", callId)
        .as(StepVerifier::create)
        .expectNext(false)
        .verifyComplete();
  }

  @Test
  void shouldPublishCallStartedOnTheCallsTopic() {
    String callId =
        ingest.createCall(
            workspace,
            Map.of(
                "title", "Renewal with Globex",
                "source", "live",
                "language", "pt-BR",
                "participants", List.of(Map.of("name", "Ana Souza", "role", "host")),
                "metadata", Map.of("crm.dealId", "D-42")));

    List<ConsumerRecord<byte[], CallstreamEvent>> records =
        TopicRecords.ofCall(ingest.kafka(), Topic.CALLS, callId, new CallstreamEventDeserializer());

    assertThat(records).hasSize(1);
    assertThat(records.get(0).value())
        .isInstanceOfSatisfying(
            CallStarted.class,
            started -> {
              assertThat(started.workspaceId()).isEqualTo(workspace.workspaceId());
              assertThat(started.callId()).isEqualTo(callId);
              assertThat(started.title()).isEqualTo("Renewal with Globex");
              assertThat(started.source()).isEqualTo(CallStarted.Source.LIVE);
              assertThat(started.language()).isEqualTo("pt-BR");
              assertThat(started.participants())
                  .singleElement()
                  .satisfies(participant -> assertThat(participant.name()).isEqualTo("Ana Souza"));
              assertThat(started.metadata()).containsEntry("crm.dealId", "D-42");
            });
  }

  @Test
  void shouldDefaultTitleAndSourceOfABareCall() {
    String callId = ingest.createCall(workspace, Map.of());

    List<ConsumerRecord<byte[], CallstreamEvent>> records =
        TopicRecords.ofCall(ingest.kafka(), Topic.CALLS, callId, new CallstreamEventDeserializer());

    assertThat(records)
        .singleElement()
        .extracting(ConsumerRecord::value)
        .isInstanceOfSatisfying(
            CallStarted.class,
            started -> {
              assertThat(started.title()).isEqualTo("Untitled call");
              assertThat(started.source()).isEqualTo(CallStarted.Source.UPLOAD);
            });
  }

  @Test
  void shouldRejectUnknownSourceNamingTheField() {
    client
        .post()
        .uri(workspace.calls())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(call("Fax call", "fax"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(400)
        .jsonPath("$.detail")
        .value(String.class, detail -> assertThat(detail).contains("source").contains("fax"));
  }

  @Test
  void shouldRejectLanguageThatIsNoLanguageTag() {
    client
        .post()
        .uri(workspace.calls())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("title", "Call", "language", "English please"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(String.class, detail -> assertThat(detail).contains("language"));
  }

  @Test
  void shouldRejectTitleWithNulCharacter() {
    client
        .post()
        .uri(workspace.calls())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("title", "Budget\u0000review"))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(String.class, detail -> assertThat(detail).contains("title"));
  }

  @Test
  void shouldRejectParticipantNameWithNulCharacter() {
    client
        .post()
        .uri(workspace.calls())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("participants", List.of(Map.of("name", "Ana\u0000", "role", "host"))))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(String.class, detail -> assertThat(detail).contains("participant name"));
  }

  @Test
  void shouldRejectParticipantWithoutName() {
    client
        .post()
        .uri(workspace.calls())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("participants", List.of(Map.of("role", "host"))))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void shouldRejectBodyThatIsNotJson() {
    client
        .post()
        .uri(workspace.calls())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{\"title\": ")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void shouldRejectRequestWithoutBody() {
    client
        .post()
        .uri(workspace.calls())
        .contentType(MediaType.APPLICATION_JSON)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void shouldRejectBodyThatIsNotJsonMediaType() {
    client
        .post()
        .uri(workspace.calls())
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue("title=Call")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }
}
