package io.callstream.ingest.limits;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Answers 413 for a transcript upload of more than {@link IngestLimits#transcriptBytes()}, whatever
 * its format: at once when {@code Content-Length} says so, and otherwise as soon as that many bytes
 * have arrived, so a body without a length is never read (or held) beyond the limit. A filter, so
 * the transcript controller and its parsers need not know. Thread-safe.
 */
public final class TranscriptSizeLimit implements WebFilter, Ordered {

  /** After Spring Security (-100), which turns away strangers first; before idempotency. */
  public static final int ORDER = 0;

  private static final PathPattern TRANSCRIPT =
      PathPatternParser.defaultInstance.parse(
          "/v1/workspaces/{workspaceId}/calls/{callId}/transcript");

  private final long maxBytes;

  public TranscriptSizeLimit(IngestLimits limits) {
    this.maxBytes =
        Objects.requireNonNull(limits, "limits must not be null").transcriptBytes().toBytes();
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    if (request.getMethod() != HttpMethod.POST
        || !TRANSCRIPT.matches(request.getPath().pathWithinApplication())) {
      return chain.filter(exchange);
    }
    long declared = request.getHeaders().getContentLength();
    if (declared > maxBytes) {
      return Mono.error(tooLarge("has " + declared + " bytes (Content-Length)"));
    }
    return chain.filter(exchange.mutate().request(new Counted(request)).build());
  }

  private LimitExceededException tooLarge(String size) {
    return LimitExceededException.tooLarge(
        "the transcript " + size + ", more than the " + maxBytes + " bytes a transcript may have",
        "transcript-bytes",
        maxBytes);
  }

  /** The request with a body that fails once it goes past the limit. */
  private final class Counted extends ServerHttpRequestDecorator {

    Counted(ServerHttpRequest delegate) {
      super(delegate);
    }

    @Override
    public Flux<DataBuffer> getBody() {
      return Flux.defer(
          () -> {
            AtomicLong seen = new AtomicLong();
            return super.getBody()
                .handle(
                    (buffer, sink) -> {
                      if (seen.addAndGet(buffer.readableByteCount()) > maxBytes) {
                        DataBufferUtils.release(buffer);
                        sink.error(tooLarge("has more than " + maxBytes + " bytes"));
                      } else {
                        sink.next(buffer);
                      }
                    });
          });
    }
  }
}
