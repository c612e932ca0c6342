package io.callstream.ingest.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class TranscriptSizeLimitTest {

  private static final String TRANSCRIPT = "/v1/workspaces/ws/calls/c1/transcript";

  private final TranscriptSizeLimit limit =
      new TranscriptSizeLimit(new IngestLimits(DataSize.ofBytes(10), 100, 100));

  @Test
  void shouldAnswer413AtOnceWhenContentLengthIsOverTheLimit() {
    AtomicBoolean handled = new AtomicBoolean();
    MockServerWebExchange exchange =
        MockServerWebExchange.from(
            MockServerHttpRequest.post(TRANSCRIPT).contentLength(11).body("01234567890"));

    limit
        .filter(exchange, ignored -> Mono.fromRunnable(() -> handled.set(true)))
        .as(StepVerifier::create)
        .expectErrorSatisfies(TranscriptSizeLimitTest::assertTooLarge)
        .verify();

    assertThat(handled).isFalse();
  }

  @Test
  void shouldFailTheBodyOnceMoreThanTheLimitHasArrivedWithoutContentLength() {
    MockServerWebExchange exchange =
        MockServerWebExchange.from(
            MockServerHttpRequest.post(TRANSCRIPT)
                .body(Flux.just(buffer("0123456"), buffer("789"), buffer("X"))));

    limit
        .filter(exchange, readingBody())
        .as(StepVerifier::create)
        .expectErrorSatisfies(TranscriptSizeLimitTest::assertTooLarge)
        .verify();
  }

  @Test
  void shouldPassABodyOfExactlyTheLimit() {
    AtomicReference<String> read = new AtomicReference<>();
    MockServerWebExchange exchange =
        MockServerWebExchange.from(
            MockServerHttpRequest.post(TRANSCRIPT)
                .body(Flux.just(buffer("01234"), buffer("56789"))));

    limit
        .filter(
            exchange,
            filtered ->
                DataBufferUtils.join(filtered.getRequest().getBody())
                    .doOnNext(body -> read.set(body.toString(StandardCharsets.UTF_8)))
                    .then())
        .as(StepVerifier::create)
        .verifyComplete();

    assertThat(read).hasValue("0123456789");
  }

  @Test
  void shouldLeaveOtherRequestsAlone() {
    MockServerWebExchange exchange =
        MockServerWebExchange.from(
            MockServerHttpRequest.post("/v1/workspaces/ws/calls").body("a body longer than ten"));

    limit.filter(exchange, readingBody()).as(StepVerifier::create).verifyComplete();
  }

  private static WebFilterChain readingBody() {
    return filtered -> DataBufferUtils.join(filtered.getRequest().getBody()).then();
  }

  private static void assertTooLarge(Throwable error) {
    assertThat(error).isInstanceOf(LimitExceededException.class);
    LimitExceededException exceeded = (LimitExceededException) error;
    assertThat(exceeded.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
    assertThat(exceeded.getBody().getDetail())
        .contains("more than the 10 bytes a transcript may have")
        .contains("callstream.ingest.limits.transcript-bytes");
    assertThat(exceeded.getBody().getProperties())
        .containsEntry("setting", "callstream.ingest.limits.transcript-bytes");
  }

  private static DataBuffer buffer(String text) {
    return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
  }
}
