package io.callstream.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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

  private final ProblemErrorHandler handler = new ProblemErrorHandler(new ProblemResponses(JSON));

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

  private static MockServerWebExchange post(String path) {
    return MockServerWebExchange.from(MockServerHttpRequest.post(path));
  }

  private static Map<String, Object> problem(String body) {
    return JSON.readValue(body, new TypeReference<Map<String, Object>>() {});
  }
}
