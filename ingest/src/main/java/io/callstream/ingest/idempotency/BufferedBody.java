package io.callstream.ingest.idempotency;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.publisher.Flux;

/**
 * A request body read whole, handed on to the handler once. Whoever ends up with the buffer
 * releases it: the handler's decoder once it has it, {@link #releaseUnlessHandedOver()} otherwise.
 * Thread-safe.
 */
final class BufferedBody {

  private final @Nullable DataBuffer body;
  private final AtomicBoolean handedOver = new AtomicBoolean();

  /**
   * @param body the body, null for a request without one
   */
  BufferedBody(@Nullable DataBuffer body) {
    this.body = body;
  }

  /** The body, for reading without consuming; null for a request without one. */
  @Nullable DataBuffer peek() {
    return body;
  }

  /** {@code request} with this body in the place of the network's. */
  ServerHttpRequest replacing(ServerHttpRequest request) {
    return new ServerHttpRequestDecorator(request) {
      @Override
      public Flux<DataBuffer> getBody() {
        return Flux.defer(
            () -> {
              if (body == null) {
                return Flux.empty();
              }
              if (!handedOver.compareAndSet(false, true)) {
                return Flux.error(
                    new IllegalStateException("the request body can be read only once"));
              }
              return Flux.just(body);
            });
      }
    };
  }

  /** Releases the body if the handler never took it. */
  void releaseUnlessHandedOver() {
    if (body != null && handedOver.compareAndSet(false, true)) {
      DataBufferUtils.release(body);
    }
  }
}
