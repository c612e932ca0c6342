package io.callstream.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import reactor.test.StepVerifier;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

class ProblemErrorHandlerTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ProblemErrorHandler handler =
      new ProblemErrorHandler(new ProblemResponses(JSON), Duration.ofMillis(4_200));

  @Test
  void shouldAnswerUnexpectedErrorAs500ProblemThatHidesTheCause() {
    MockServerWebExchange exchange = post("/v1/workspaces/ws_acme/calls");

    handler
        .handle(exchange, new IllegalStateException("connection to db-7.internal:5432 refused"))
        .as(StepVerifier::create)
        .verifyComplete();

    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    assertThat(exchange.getResponse().getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    String body = exchange.getResponse().getBodyAsString().block();
    assertThat(body).doesNotContain("db-7.internal").doesNotContain("IllegalStateException");
    assertThat(problem(body))
        .containsEntry("status", 500)
        .containsEntry("title", "Internal Server Error")
        .containsEntry("instance", "/v1/workspaces/ws_acme/calls")
        .containsKey("detail");
  }

  @Test
  void shouldAnswerAValueTheDatabaseRefusesAs400ProblemThatHidesTheCause() {
    MockServerWebExchange exchange = post("/v1/workspaces/ws_acme/api-keys");
    var refused =
        new R2dbcNonTransientResourceException(
            "invalid byte sequence for encoding \"UTF8\": 0x00 in secret-row", "22021");

    handler
        .handle(exchange, new IllegalStateException("insert failed", refused))
        .as(StepVerifier::create)
        .verifyComplete();

    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    String body = exchange.getResponse().getBodyAsString().block();
    assertThat(body).doesNotContain("secret-row").doesNotContain("0x00");
    assertThat(problem(body)).containsEntry("status", 400);
  }

  @Test
  void shouldStillAnswerADatabaseErrorOfAnotherClassAs500() {
    MockServerWebExchange exchange = post("/v1/workspaces/ws_acme/api-keys");

    handler
        .handle(exchange, new R2dbcNonTransientResourceException("relation missing", "42P01"))
        .as(StepVerifier::create)
        .verifyComplete();

    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
  }

  @Test
  void shouldAnswerResponseStatusExceptionWithItsStatusAndReason() {
    MockServerWebExchange exchange = post("/v1/workspaces/ws_acme/calls");

    handler
        .handle(exchange, new ResponseStatusException(HttpStatus.CONFLICT, "call exists already"))
        .as(StepVerifier::create)
        .verifyComplete();

    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(exchange.getResponse().getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(problem(exchange.getResponse().getBodyAsString().block()))
        .containsEntry("status", 409)
        .containsEntry("detail", "call exists already");
  }

  @Test
  void shouldKeepTheHeadersAnErrorAnswersWith() {
    MockServerWebExchange exchange = post("/v1/workspaces/ws_acme/calls");

    handler
        .handle(
            exchange, new MethodNotAllowedException(HttpMethod.DELETE, List.of(HttpMethod.POST)))
        .as(StepVerifier::create)
        .verifyComplete();

    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
    assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.ALLOW)).isEqualTo("POST");
    assertThat(exchange.getResponse().getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void shouldLeaveAnAnswerAlreadyUnderwayAlone() {
    MockServerWebExchange exchange = post("/v1/workspaces/ws_acme/calls");
    exchange.getResponse().setComplete().block();
    IllegalStateException failure = new IllegalStateException("broke mid-stream");

    handler.handle(exchange, failure).as(StepVerifier::create).verifyErrorMatches(failure::equals);
  }

  @Test
  void shouldAnswerKafkaTimeoutAs503WithRetryAfterInsteadOf500() {
    MockServerWebExchange exchange = post("/v1/workspaces/ws_acme/calls");

    handler
        .handle(
            exchange,
            new TimeoutException(
                "Topic callstream.calls.v1 not present in metadata after 10000 ms."))
        .as(StepVerifier::create)
        .verifyComplete();

    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
        .isEqualTo("5");
    assertThat(exchange.getResponse().getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    String body = exchange.getResponse().getBodyAsString().block();
    assertThat(body).doesNotContain("callstream.calls.v1");
    assertThat(problem(body))
        .containsEntry("status", 503)
        .containsEntry("title", "Service Unavailable");
  }

  @Test
  void shouldAnswerRetriableKafkaErrorWrappedInAnotherAs503() {
    MockServerWebExchange exchange = post("/v1/workspaces/ws_acme/calls");

    handler
        .handle(
            exchange,
            new IllegalStateException(
                "publishing failed", new NotEnoughReplicasException("one replica left")))
        .as(StepVerifier::create)
        .verifyComplete();

    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
  }

  @Test
  void shouldAnswerReactorTimeoutAs503() {
    MockServerWebExchange exchange = post("/v1/workspaces/ws_acme/calls");

    handler
        .handle(exchange, new java.util.concurrent.TimeoutException("Did not observe any item"))
        .as(StepVerifier::create)
        .verifyComplete();

    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
  }

  @Test
  void shouldKeepNonRetriableKafkaErrorA500() {
    MockServerWebExchange exchange = post("/v1/workspaces/ws_acme/calls");

    handler
        .handle(exchange, new RecordTooLargeException("record of 2 MiB"))
        .as(StepVerifier::create)
        .verifyComplete();

    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
  }

  @Test
  void shouldAnswerServiceUnavailableWithItsOwnDetailAndRetryAfter() {
    MockServerWebExchange exchange = post("/v1/workspaces/ws_acme/calls");

    handler
        .handle(
            exchange,
            new ServiceUnavailableException(
                "Kafka did not acknowledge within 10s", Duration.ofSeconds(2), null))
        .as(StepVerifier::create)
        .verifyComplete();

    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
        .isEqualTo("2");
    assertThat(problem(exchange.getResponse().getBodyAsString().block()))
        .containsEntry("detail", "Kafka did not acknowledge within 10s");
  }

  private static MockServerWebExchange post(String path) {
    return MockServerWebExchange.from(MockServerHttpRequest.post(path));
  }

  private static Map<String, Object> problem(String body) {
    return JSON.readValue(body, new TypeReference<Map<String, Object>>() {});
  }
}
