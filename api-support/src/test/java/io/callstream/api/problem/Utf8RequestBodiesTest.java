package io.callstream.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class Utf8RequestBodiesTest {

  private final Utf8RequestBodies filter = new Utf8RequestBodies();

  @Test
  void shouldRefuseAJsonBodyThatIsNotUtf8() {
    StepVerifier.create(
            bodyThrough(
                MediaType.APPLICATION_JSON,
                bytes("{\"a\":\""),
                new byte[] {(byte) 0xc3, 0x28},
                bytes("\"}")))
        .expectError(ServerWebInputException.class)
        .verify();
  }

  @Test
  void shouldPassACharacterSplitBetweenTwoBuffers() {
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
    StepVerifier.create(
            bodyThrough(
                MediaType.APPLICATION_JSON,
                new byte[] {'"', euro[0]},
                new byte[] {euro[1], euro[2], '"'}))
        .expectNext("\"€\"")
        .verifyComplete();
  }

  @Test
  void shouldLeaveBinaryBodiesAlone() {
    StepVerifier.create(
            bodyThrough(
                MediaType.parseMediaType("audio/wav"), new byte[] {(byte) 0xff, (byte) 0xfe}))
        .expectNextCount(1)
        .verifyComplete();
  }

  @Test
  void shouldLeaveAnUnreadableContentTypeToTheHandler() {
    MockServerWebExchange exchange =
        MockServerWebExchange.from(
            MockServerHttpRequest.put("/v1/workspaces/ws_acme/templates/t")
                .header("Content-Type", "' OR '1'='1")
                .body(Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes("{}")))));
    AtomicReference<Boolean> passed = new AtomicReference<>(false);

    filter
        .filter(exchange, next -> Mono.fromRunnable(() -> passed.set(true)))
        .as(StepVerifier::create)
        .verifyComplete();

    assertThat(passed.get()).isTrue();
  }

  /** The body as the next filter reads it, joined and decoded. */
  private Mono<String> bodyThrough(MediaType type, byte[]... parts) {
    DefaultDataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
    Flux<DataBuffer> body = Flux.fromArray(parts).map(buffers::wrap);
    MockServerWebExchange exchange =
        MockServerWebExchange.from(
            MockServerHttpRequest.put("/v1/workspaces/ws_acme/templates/t")
                .contentType(type)
                .body(body));
    AtomicReference<Mono<String>> read = new AtomicReference<>();
    WebFilterChain chain =
        next -> {
          read.set(
              DataBufferUtils.join(next.getRequest().getBody())
                  .map(joined -> joined.toString(StandardCharsets.ISO_8859_1))
                  .map(
                      latin ->
                          new String(
                              latin.getBytes(StandardCharsets.ISO_8859_1),
                              StandardCharsets.UTF_8)));
          return Mono.empty();
        };
    filter.filter(exchange, chain).block();
    assertThat(read.get()).isNotNull();
    return read.get();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
