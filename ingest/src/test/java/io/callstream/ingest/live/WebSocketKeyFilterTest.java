package io.callstream.ingest.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class WebSocketKeyFilterTest {

  private static final String LIVE = "/v1/workspaces/ws_acme/calls/c-1/live";
  private static final String KEY = "cs_abcdefghijkl_" + "k".repeat(43);

  private final WebSocketKeyFilter filter = new WebSocketKeyFilter();

  @Test
  void shouldTurnKeyOfferedAsSubprotocolIntoBearerAuthorization() {
    ServerHttpRequest passed =
        filter(
            upgrade(LIVE)
                .header("Sec-WebSocket-Protocol", "callstream.live.v1, callstream.bearer." + KEY));

    assertThat(passed.getHeaders().getFirst(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer " + KEY);
  }

  @Test
  void shouldTurnKeyOfferedOnTheLiveAudioSocketIntoBearerAuthorization() {
    ServerHttpRequest passed =
        filter(
            upgrade("/v1/workspaces/ws_acme/calls/c-1/audio/live")
                .header("Sec-WebSocket-Protocol", "callstream.audio.v1, callstream.bearer." + KEY));

    assertThat(passed.getHeaders().getFirst(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer " + KEY);
  }

  @Test
  void shouldFindKeyInRepeatedProtocolHeaders() {
    ServerHttpRequest passed =
        filter(
            upgrade(LIVE)
                .header("Sec-WebSocket-Protocol", "callstream.live.v1")
                .header("Sec-WebSocket-Protocol", "callstream.bearer." + KEY));

    assertThat(passed.getHeaders().getFirst(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer " + KEY);
  }

  @Test
  void shouldLeaveAuthorizationHeaderAsItIs() {
    ServerHttpRequest passed =
        filter(
            upgrade(LIVE)
                .header(HttpHeaders.AUTHORIZATION, "Bearer cs_other")
                .header("Sec-WebSocket-Protocol", "callstream.live.v1, callstream.bearer." + KEY));

    assertThat(passed.getHeaders().get(HttpHeaders.AUTHORIZATION))
        .containsExactly("Bearer cs_other");
  }

  @Test
  void shouldIgnoreKeyOfferedOnAnyOtherPath() {
    ServerHttpRequest passed =
        filter(
            upgrade("/v1/workspaces/ws_acme/calls/c-1/transcript")
                .header("Sec-WebSocket-Protocol", "callstream.bearer." + KEY));

    assertThat(passed.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)).isFalse();
  }

  @Test
  void shouldIgnoreKeyOfferedWithoutWebSocketUpgrade() {
    ServerHttpRequest passed =
        filter(
            MockServerHttpRequest.get(LIVE)
                .header("Sec-WebSocket-Protocol", "callstream.bearer." + KEY));

    assertThat(passed.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)).isFalse();
  }

  @Test
  void shouldPassUpgradeWithoutKeyUntouched() {
    ServerHttpRequest passed =
        filter(upgrade(LIVE).header("Sec-WebSocket-Protocol", "callstream.live.v1"));

    assertThat(passed.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)).isFalse();
  }

  private ServerHttpRequest filter(MockServerHttpRequest.BaseBuilder<?> request) {
    AtomicReference<ServerHttpRequest> passed = new AtomicReference<>();
    filter
        .filter(
            MockServerWebExchange.from(request),
            exchange -> {
              passed.set(exchange.getRequest());
              return Mono.empty();
            })
        .as(StepVerifier::create)
        .verifyComplete();
    return passed.get();
  }

  private static MockServerHttpRequest.BaseBuilder<?> upgrade(String path) {
    return MockServerHttpRequest.get(path)
        .header(HttpHeaders.UPGRADE, "websocket")
        .header(HttpHeaders.CONNECTION, "Upgrade");
  }
}
