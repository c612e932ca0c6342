package io.callstream.api.problem;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a request whose request line or headers are larger than the API takes, with a problem
 * like every other error: {@code 414} for the path and query, {@code 431} for the headers. Reactor
 * Netty would refuse them itself, but with an empty body and before Spring sees the request, so
 * {@link OversizedRequestDefaults} raises Netty's limits above these and this filter, first of all
 * filters (before authentication), applies ours. Thread-safe.
 */
public final class RequestSizeLimits implements WebFilter, Ordered {

  /** Bytes of path and query a request may have. */
  public static final int MAX_REQUEST_TARGET = 8 * 1024;

  /** Bytes of all header names and values together a request may have. */
  public static final int MAX_HEADERS = 16 * 1024;

  private final ProblemResponses problems;

  public RequestSizeLimits(ProblemResponses problems) {
    this.problems = Objects.requireNonNull(problems, "problems must not be null");
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    var request = exchange.getRequest();
    String target = request.getURI().getRawPath();
    String query = request.getURI().getRawQuery();
    int targetLength =
        (target == null ? 0 : target.length()) + (query == null ? 0 : query.length());
    if (targetLength > MAX_REQUEST_TARGET) {
      return problems.write(
          exchange,
          HttpStatus.URI_TOO_LONG,
          "URI Too Long",
          "the path and query may have at most " + MAX_REQUEST_TARGET + " bytes");
    }
    if (headerBytes(request.getHeaders().headerSet()) > MAX_HEADERS) {
      return problems.write(
          exchange,
          HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
          "Request Header Fields Too Large",
          "the headers may have at most " + MAX_HEADERS + " bytes together");
    }
    return chain.filter(exchange);
  }

  private static long headerBytes(Iterable<Map.Entry<String, List<String>>> headers) {
    long bytes = 0;
    for (Map.Entry<String, List<String>> header : headers) {
      for (String value : header.getValue()) {
        bytes += header.getKey().length() + value.length() + 4;
      }
    }
    return bytes;
  }

  /** Before everything, authentication included: an oversized request is not looked at. */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
