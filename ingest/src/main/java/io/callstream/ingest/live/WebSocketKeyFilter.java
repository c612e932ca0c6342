package io.callstream.ingest.live;

import io.callstream.ingest.audio.live.LiveAudioEndpoint;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Lets a browser present its API key on the live WebSocket. A browser's {@code WebSocket} cannot
 * set an {@code Authorization} header, but it can offer subprotocols, so it offers two:
 *
 * <pre>{@code
 * new WebSocket(url, ["callstream.live.v1", "callstream.bearer." + apiKey])
 * }</pre>
 *
 * <p>This filter runs just before the security filter chain and, for a WebSocket upgrade of {@code
 * .../calls/{callId}/live} (or of the live audio socket, {@code .../calls/{callId}/audio/live},
 * offered with {@code callstream.audio.v1}) that has no {@code Authorization} header, turns the
 * offered {@code callstream.bearer.<key>} into {@code Authorization: Bearer <key>}. From there the
 * request is authenticated and checked for its workspace exactly like any other (no key: 401;
 * another workspace: 404). The server selects {@code callstream.live.v1} (or {@code
 * callstream.audio.v1}), never the key, so the key is not echoed back. Thread-safe.
 *
 * <p>Why not an {@code access_token} query parameter: URLs end up in access logs, proxy logs and
 * browser history; the {@code Sec-WebSocket-Protocol} header does not. Clients that can set headers
 * simply send {@code Authorization: Bearer <key>}, which always wins.
 */
final class WebSocketKeyFilter implements WebFilter, Ordered {

  /** Prefix of the subprotocol that carries the API key. */
  static final String BEARER_PROTOCOL = "callstream.bearer.";

  private static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";

  private static final List<PathPattern> SOCKETS =
      List.of(
          PathPatternParser.defaultInstance.parse(LiveFeedEndpoint.PATH),
          PathPatternParser.defaultInstance.parse(LiveAudioEndpoint.PATH));

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    if (!isLiveUpgrade(request) || request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
      return chain.filter(exchange);
    }
    String key = offeredKey(request.getHeaders().getValuesAsList(SEC_WEBSOCKET_PROTOCOL));
    if (key == null) {
      return chain.filter(exchange);
    }
    return chain.filter(
        exchange
            .mutate()
            .request(request.mutate().headers(headers -> headers.setBearerAuth(key)).build())
            .build());
  }

  /**
   * Just before Spring Security's filter chain, which is ordered -100 ({@code
   * WebFluxSecurityConfiguration.WEB_FILTER_CHAIN_FILTER_ORDER}, not public).
   */
  @Override
  public int getOrder() {
    return -101;
  }

  private static boolean isLiveUpgrade(ServerHttpRequest request) {
    return HttpMethod.GET.equals(request.getMethod())
        && "websocket".equalsIgnoreCase(request.getHeaders().getUpgrade())
        && SOCKETS.stream()
            .anyMatch(socket -> socket.matches(request.getPath().pathWithinApplication()));
  }

  private static @Nullable String offeredKey(List<String> protocols) {
    for (String protocol : protocols) {
      String trimmed = protocol.trim();
      if (trimmed.startsWith(BEARER_PROTOCOL) && trimmed.length() > BEARER_PROTOCOL.length()) {
        return trimmed.substring(BEARER_PROTOCOL.length());
      }
    }
    return null;
  }
}
