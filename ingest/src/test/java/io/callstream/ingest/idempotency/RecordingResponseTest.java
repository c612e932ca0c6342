package io.callstream.ingest.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class RecordingResponseTest {

  private final MockServerHttpResponse network = new MockServerHttpResponse();
  private final Outcomes outcomes = new Outcomes(network);

  @Test
  void shouldStoreASuccessBeforeAnyOfItLeaves() {
    RecordingResponse response = new RecordingResponse(network, 1_024, outcomes);
    response.setStatusCode(HttpStatus.CREATED);
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    response.getHeaders().set(HttpHeaders.LOCATION, "/v1/workspaces/ws/calls/c1");
    response.getHeaders().setContentLength(14);

    response
        .writeWith(Flux.just(buffer("{\"callId\":"), buffer("\"c1\"}")))
        .as(StepVerifier::create)
        .verifyComplete();

    assertThat(outcomes.stored).hasSize(1);
    StoredResponse stored = outcomes.stored.get(0);
    assertThat(stored.status()).isEqualTo(201);
    assertThat(new String(stored.body(), StandardCharsets.UTF_8)).isEqualTo("{\"callId\":\"c1\"}");
    assertThat(stored.headers())
        .containsEntry(HttpHeaders.CONTENT_TYPE, List.of("application/json"))
        .containsEntry(HttpHeaders.LOCATION, List.of("/v1/workspaces/ws/calls/c1"))
        .doesNotContainKey(HttpHeaders.CONTENT_LENGTH);
    assertThat(outcomes.committedWhenStored).isFalse();
    assertThat(network.getBodyAsString().block()).isEqualTo("{\"callId\":\"c1\"}");
  }

  @Test
  void shouldStoreASuccessTooLargeToKeepWithoutItsBodyAndStillSendItWhole() {
    RecordingResponse response = new RecordingResponse(network, 8, outcomes);
    response.setStatusCode(HttpStatus.OK);

    response
        .writeWith(Flux.just(buffer("0123"), buffer("4567"), buffer("89"), buffer("ab")))
        .as(StepVerifier::create)
        .verifyComplete();

    assertThat(outcomes.stored)
        .singleElement()
        .satisfies(s -> assertThat(s.replayable()).isFalse());
    assertThat(network.getBodyAsString().block()).isEqualTo("0123456789ab");
  }

  @Test
  void shouldKeepABodyOfExactlyTheBound() {
    RecordingResponse response = new RecordingResponse(network, 8, outcomes);

    response.writeWith(Flux.just(buffer("0123"), buffer("4567"))).block();

    assertThat(outcomes.stored).singleElement().satisfies(s -> assertThat(s.body()).hasSize(8));
  }

  @Test
  void shouldReleaseTheKeyForAnAnswerThatIsNotASuccess() {
    RecordingResponse response = new RecordingResponse(network, 1_024, outcomes);
    response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);

    response.writeWith(Mono.just(buffer("{\"status\":503}"))).block();

    assertThat(outcomes.stored).isEmpty();
    assertThat(outcomes.released).isEqualTo(1);
    assertThat(network.getBodyAsString().block()).isEqualTo("{\"status\":503}");
  }

  @Test
  void shouldStoreAnEmptySuccess() {
    RecordingResponse response = new RecordingResponse(network, 1_024, outcomes);
    response.setStatusCode(HttpStatus.NO_CONTENT);

    response.setComplete().block();

    assertThat(outcomes.stored)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.status()).isEqualTo(204);
              assertThat(s.body()).isEmpty();
            });
  }

  @Test
  void shouldSettleOnlyOnce() {
    RecordingResponse response = new RecordingResponse(network, 1_024, outcomes);

    response.writeWith(Mono.just(buffer("ok"))).block();
    response.settleFailed().block();
    response.settleWithoutBody().block();

    assertThat(outcomes.stored).hasSize(1);
    assertThat(outcomes.released).isZero();
  }

  private static DataBuffer buffer(String text) {
    return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Records what the response settled to, and whether anything had left by then. */
  private static final class Outcomes implements RecordingResponse.Outcome {

    private final MockServerHttpResponse network;
    private final List<StoredResponse> stored = new ArrayList<>();
    private int released;
    private boolean committedWhenStored;

    Outcomes(MockServerHttpResponse network) {
      this.network = network;
    }

    @Override
    public Mono<Void> succeeded(StoredResponse response) {
      return Mono.fromRunnable(
          () -> {
            committedWhenStored = network.isCommitted();
            stored.add(response);
          });
    }

    @Override
    public Mono<Void> failed() {
      return Mono.fromRunnable(() -> released++);
    }
  }
}
