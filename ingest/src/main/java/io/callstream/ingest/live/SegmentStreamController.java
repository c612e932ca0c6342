package io.callstream.ingest.live;

import io.callstream.ingest.call.CallRepository;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.StringDecoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/workspaces/{workspaceId}/calls/{callId}/segments} with an {@code
 * application/x-ndjson} body, for clients without WebSockets: each line a segment message (or
 * {@code {"end": true}}), read as it arrives; the answer is an {@code application/x-ndjson} stream
 * of {@link LiveReply}s, one line per non-blank line of the body, written as each is acknowledged.
 * Memory stays constant whatever the body's length: lines are read only as fast as Kafka
 * acknowledges them, and one line may hold at most {@value LiveMessageReader#MAX_MESSAGE_BYTES}
 * bytes. Lines are strict UTF-8: a line that is not is answered with a 400 error line naming it.
 *
 * <p>A call that does not exist answers 404 and an ended call 409, as problem+json, before the
 * stream starts. Once it has started, the status is 200 and every problem is an error line.
 */
@RestController
public class SegmentStreamController {

  private static final ResolvableType STRING = ResolvableType.forClass(String.class);

  private static final MimeType LATIN_1_TEXT =
      new MimeType(MimeTypeUtils.TEXT_PLAIN, StandardCharsets.ISO_8859_1);

  private final CallRepository calls;
  private final LiveMessageReader reader;
  private final LiveSegmentFlow flow;
  private final StringDecoder lines;

  public SegmentStreamController(
      CallRepository calls, LiveMessageReader reader, LiveSegmentFlow flow) {
    this.calls = Objects.requireNonNull(calls, "calls must not be null");
    this.reader = Objects.requireNonNull(reader, "reader must not be null");
    this.flow = Objects.requireNonNull(flow, "flow must not be null");
    // Split as ISO-8859-1, one char per byte, so each line's bytes come back unchanged for the
    // reader's strict UTF-8 decoding; a UTF-8 decoder here would replace malformed bytes silently.
    // Both delimiters are ASCII, and no byte of a multi-byte UTF-8 sequence is.
    this.lines = StringDecoder.textPlainOnly(StringDecoder.DEFAULT_DELIMITERS, true);
    this.lines.setMaxInMemorySize(LiveMessageReader.MAX_MESSAGE_BYTES);
  }

  @PostMapping(
      path = "/v1/workspaces/{workspaceId}/calls/{callId}/segments",
      consumes = MediaType.APPLICATION_NDJSON_VALUE,
      produces = MediaType.APPLICATION_NDJSON_VALUE)
  public Mono<ResponseEntity<Flux<LiveReply>>> stream(
      @PathVariable String workspaceId, @PathVariable String callId, ServerHttpRequest request) {
    return calls
        .requireOpen(workspaceId, callId)
        .then(
            Mono.fromSupplier(
                () ->
                    ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_NDJSON)
                        .body(flow.replies(workspaceId, callId, messages(request.getBody())))));
  }

  private Flux<LiveMessage> messages(Flux<DataBuffer> body) {
    return Flux.defer(
        () -> {
          AtomicLong lineNumber = new AtomicLong();
          return lines
              .decode(body, STRING, LATIN_1_TEXT, null)
              .<LiveMessage>handle(
                  (line, sink) -> {
                    long number = lineNumber.incrementAndGet();
                    if (!line.isBlank()) {
                      sink.next(
                          reader.read(
                              Position.line(number), line.getBytes(StandardCharsets.ISO_8859_1)));
                    }
                  })
              .onErrorResume(
                  DataBufferLimitException.class,
                  tooLong ->
                      Mono.just(
                          new LiveMessage.Unreadable(
                              Position.line(lineNumber.get() + 1),
                              null,
                              null,
                              HttpStatus.CONTENT_TOO_LARGE,
                              "is longer than "
                                  + LiveMessageReader.MAX_MESSAGE_BYTES
                                  + " bytes; the rest of the body was not read")));
        });
  }
}
