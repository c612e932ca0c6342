package io.callstream.api.problem;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses a JSON body that is not valid UTF-8 with a 400 problem, as it streams in. A controller
 * that reads such a body as a String would otherwise get U+FFFD where the bytes were broken
 * (Spring's string decoder replaces them) and store text the client never sent. Bodies of other
 * types (audio) pass untouched. Thread-safe; each request gets a decoder of its own.
 */
public final class Utf8RequestBodies implements WebFilter, Ordered {

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    MediaType type;
    try {
      type = exchange.getRequest().getHeaders().getContentType();
    } catch (InvalidMediaTypeException e) {
      // not ours to answer: the handler refuses a content type it cannot read, with a problem
      return chain.filter(exchange);
    }
    if (!isText(type)) {
      return chain.filter(exchange);
    }
    ServerHttpRequest checked =
        new ServerHttpRequestDecorator(exchange.getRequest()) {
          @Override
          public Flux<DataBuffer> getBody() {
            return Flux.defer(
                () -> {
                  Utf8Check check = new Utf8Check();
                  return super.getBody().doOnNext(check::accept).doOnComplete(check::finish);
                });
          }
        };
    return chain.filter(exchange.mutate().request(checked).build());
  }

  private static boolean isText(@Nullable MediaType type) {
    if (type == null) {
      return false;
    }
    String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
    boolean utf8 = type.getCharset() == null || type.getCharset().equals(StandardCharsets.UTF_8);
    // Text and NDJSON are left to ingest's transcript readers, which name the line and byte
    // offset of a bad sequence and, for a stream of segments, go on with the next line.
    return utf8 && (subtype.equals("json") || subtype.endsWith("+json"));
  }

  /** Right after the size limits, before authentication reads nothing of the body anyway. */
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 1;
  }

  /** A streaming UTF-8 check: a sequence split between two buffers is carried over. */
  private static final class Utf8Check {

    private final CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer sink = CharBuffer.allocate(4096);
    private ByteBuffer carried = ByteBuffer.allocate(0);

    void accept(DataBuffer buffer) {
      byte[] bytes = new byte[buffer.readableByteCount()];
      int position = buffer.readPosition();
      buffer.read(bytes);
      buffer.readPosition(position);
      ByteBuffer input = ByteBuffer.allocate(carried.remaining() + bytes.length);
      input.put(carried).put(bytes).flip();
      decode(input, false);
      carried = input.slice();
    }

    void finish() {
      decode(carried, true);
    }

    private void decode(ByteBuffer input, boolean last) {
      while (true) {
        sink.clear();
        CoderResult result = decoder.decode(input, sink, last);
        if (result.isError()) {
          throw new ServerWebInputException("the request body is not valid UTF-8");
        }
        if (result.isUnderflow()) {
          return;
        }
      }
    }
  }
}
