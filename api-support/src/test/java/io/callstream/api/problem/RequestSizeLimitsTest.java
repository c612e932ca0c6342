package io.callstream.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

class RequestSizeLimitsTest {

  private final RequestSizeLimits limits =
      new RequestSizeLimits(new ProblemResponses(JsonMapper.builder().build()));

  private final AtomicBoolean passed = new AtomicBoolean();
  private final WebFilterChain chain = exchange -> Mono.fromRunnable(() -> passed.set(true));

  @Test
  void shouldAnswerOversizedHeadersWith431Problem() {
    MockServerWebExchange exchange =
        MockServerWebExchange.from(
            MockServerHttpRequest.get("/v1/workspaces/ws_acme/calls")
                .header("X-Padding", "a".repeat(RequestSizeLimits.MAX_HEADERS)));

    limits.filter(exchange, chain).as(StepVerifier::create).verifyComplete();

    assertThat(passed).isFalse();
    assertThat(exchange.getResponse().getStatusCode())
        .isEqualTo(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
    assertThat(exchange.getResponse().getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"status\":431");
  }

  @Test
  void shouldAnswerAnOversizedPathAndQueryWith414Problem() {
    MockServerWebExchange exchange =
        MockServerWebExchange.from(
            MockServerHttpRequest.get(
                "/v1/workspaces/ws_acme/calls?text="
                    + "b".repeat(RequestSizeLimits.MAX_REQUEST_TARGET)));

    limits.filter(exchange, chain).as(StepVerifier::create).verifyComplete();

    assertThat(passed).isFalse();
    assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.URI_TOO_LONG);
    assertThat(exchange.getResponse().getBodyAsString().block()).contains("\"status\":414");
  }

  @Test
  void shouldPassARequestWithinTheLimits() {
    MockServerWebExchange exchange =
        MockServerWebExchange.from(
            MockServerHttpRequest.get("/v1/workspaces/ws_acme/calls?text=budget")
                .header("X-Padding", "c".repeat(4_000)));

    limits.filter(exchange, chain).as(StepVerifier::create).verifyComplete();

    assertThat(passed).isTrue();
    assertThat(exchange.getResponse().getStatusCode()).isNull();
  }
}
