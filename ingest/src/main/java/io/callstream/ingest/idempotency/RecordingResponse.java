package io.callstream.ingest.idempotency;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The response of a request that holds its idempotency key. It settles the key once, before any of
 * the answer leaves: a 2xx is stored (its body up to a bound), anything else releases the key.
 * Storing first means that a client who has the answer and sends the request again gets it
 * replayed, never a 409 for a request that is over. Not thread-safe beyond what a response needs.
 */
final class RecordingResponse extends ServerHttpResponseDecorator {

  /** What the response settles to. Neither may fail: a failure is logged, not answered. */
  interface Outcome {

    /** The request succeeded with {@code response}. */
    Mono<Void> succeeded(StoredResponse response);

    /** The request did not succeed: its key should be free for a retry. */
    Mono<Void> failed();
  }

  /** Headers of the connection or of the moment, which a replay sets afresh. */
  private static final Set<String> NOT_KEPT =
      Set.of(
          "content-length", "transfer-encoding", "connection", "keep-alive", "date", "set-cookie");

  private final int maxBodyBytes;
  private final Outcome outcome;
  private final AtomicBoolean settled = new AtomicBoolean();

  RecordingResponse(ServerHttpResponse delegate, int maxBodyBytes, Outcome outcome) {
    super(delegate);
    this.maxBodyBytes = maxBodyBytes;
    this.outcome = Objects.requireNonNull(outcome, "outcome must not be null");
  }

  @Override
  public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
    if (!succeeded()) {
      return settleFailed().then(super.writeWith(body));
    }
    AtomicBoolean first = new AtomicBoolean(true);
    // The first group is the whole body if it fits the bound, or the part that went past it.
    Flux<List<DataBuffer>> groups =
        Flux.<DataBuffer>from(body)
            .bufferUntil(new Past(maxBodyBytes))
            .switchIfEmpty(Mono.fromSupplier(List::of));
    return super.writeWith(
        groups
            .concatMap(
                group ->
                    first.compareAndSet(true, false)
                        ? settleSucceeded(kept(group)).thenMany(Flux.fromIterable(group))
                        : Flux.fromIterable(group))
            .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
            .doOnDiscard(List.class, RecordingResponse::releaseAll));
  }

  @Override
  public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
    // A streamed answer: not kept, but a success all the same.
    Mono<Void> settle = succeeded() ? settleSucceeded(null) : settleFailed();
    return settle.then(super.writeAndFlushWith(body));
  }

  @Override
  public Mono<Void> setComplete() {
    return settleWithoutBody().then(super.setComplete());
  }

  /** For a handler that finished without writing: settles by the status it left. */
  Mono<Void> settleWithoutBody() {
    return succeeded() ? settleSucceeded(new byte[0]) : settleFailed();
  }

  /** For a handler that failed: frees the key unless the answer was settled already. */
  Mono<Void> settleFailed() {
    return settled.compareAndSet(false, true) ? outcome.failed() : Mono.empty();
  }

  private Mono<Void> settleSucceeded(byte @Nullable [] body) {
    if (!settled.compareAndSet(false, true)) {
      return Mono.empty();
    }
    return outcome.succeeded(new StoredResponse(status().value(), keptHeaders(), body));
  }

  private boolean succeeded() {
    return status().is2xxSuccessful();
  }

  private HttpStatusCode status() {
    HttpStatusCode status = getStatusCode();
    return status == null ? HttpStatusCode.valueOf(200) : status;
  }

  private Map<String, List<String>> keptHeaders() {
    Map<String, List<String>> kept = new LinkedHashMap<>();
    getHeaders()
        .forEach(
            (name, values) -> {
              if (!NOT_KEPT.contains(name.toLowerCase(Locale.ROOT))) {
                kept.put(name, List.copyOf(values));
              }
            });
    return kept;
  }

  /** A copy of the group's bytes if they are within the bound, otherwise null. */
  private byte @Nullable [] kept(List<DataBuffer> group) {
    long size = 0;
    for (DataBuffer buffer : group) {
      size += buffer.readableByteCount();
    }
    if (size > maxBodyBytes) {
      return null;
    }
    byte[] bytes = new byte[(int) size];
    int offset = 0;
    for (DataBuffer buffer : group) {
      int length = buffer.readableByteCount();
      buffer.toByteBuffer(buffer.readPosition(), ByteBuffer.wrap(bytes), offset, length);
      offset += length;
    }
    return bytes;
  }

  private static void releaseAll(List<?> group) {
    for (Object element : group) {
      if (element instanceof DataBuffer buffer) {
        DataBufferUtils.release(buffer);
      }
    }
  }

  /** True from the buffer that takes the running total past the bound. */
  private static final class Past implements Predicate<DataBuffer> {

    private final long bound;
    private long total;

    Past(long bound) {
      this.bound = bound;
    }

    @Override
    public boolean test(DataBuffer buffer) {
      total += buffer.readableByteCount();
      return total > bound;
    }
  }
}
