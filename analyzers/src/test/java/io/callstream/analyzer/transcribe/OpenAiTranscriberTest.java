package io.callstream.analyzer.transcribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callstream.analyzer.dispatch.DispatchException;
import io.callstream.analyzer.dispatch.DispatchSettings;
import io.callstream.analyzer.dispatch.Dispatcher;
import io.callstream.analyzer.dispatch.RateLimit;
import io.callstream.llmtest.Fault;
import io.callstream.llmtest.Latency;
import io.callstream.llmtest.OpenAiTestServer;
import io.callstream.llmtest.RecordedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link OpenAiTranscriber} with the real OpenAI SDK against the llm test server, alone and through
 * the {@link Dispatcher}.
 */
class OpenAiTranscriberTest {

  private static final long CHUNK_START_MS = 60_000;

  @Test
  void shouldMapSegmentsToCallTime() throws Exception {
    try (OpenAiTestServer server = OpenAiTestServer.builder().start();
        OpenAiTranscriber transcriber = OpenAiTranscriber.create(settings(server))) {
      // 3.5 s: the server answers one segment per second, the last ending at 3.5 s
      ChunkTranscript transcript = get(transcriber.transcribe(chunk("w1", 3_500)));

      assertThat(transcript.callId()).isEqualTo("call-1");
      assertThat(transcript.chunkStartMs()).isEqualTo(CHUNK_START_MS);
      assertThat(transcript.segments())
          .extracting(
              TranscribedSegment::startMs, TranscribedSegment::endMs, TranscribedSegment::speaker)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(60_000L, 61_000L, "speaker_0"),
              org.assertj.core.groups.Tuple.tuple(61_000L, 62_000L, "speaker_1"),
              org.assertj.core.groups.Tuple.tuple(62_000L, 63_500L, "speaker_0"));
      assertThat(transcript.segments())
          .allSatisfy(segment -> assertThat(segment.text()).isNotBlank().doesNotContain(" "));
      RecordedRequest request = server.requests().get(0);
      assertThat(request.path()).isEqualTo("/v1/audio/transcriptions");
      assertThat(request.model()).isEqualTo("whisper-1");
      assertThat(request.json().path("response_format").asText()).isEqualTo("verbose_json");
      assertThat(request.json().path("bytes").asInt()).isEqualTo(44 + 3_500 * 32);
      assertThat(request.json().path("file").asText()).endsWith(".wav");
    }
  }

  @Test
  void shouldRetryA429WithRetryAfterAndA500ThroughTheDispatcher() throws Exception {
    try (OpenAiTestServer server =
            OpenAiTestServer.builder()
                .retryAfter(Duration.ofMillis(50))
                .script(Fault.RATE_LIMITED, Fault.SERVER_ERROR, Fault.OK)
                .start();
        Dispatcher dispatcher = dispatcher(2);
        Transcriber transcriber =
            DispatchedTranscriber.of(OpenAiTranscriber.create(settings(server)), dispatcher)) {
      ChunkTranscript transcript = get(transcriber.transcribe(chunk("w1", 2_000)));

      assertThat(transcript.segments()).hasSize(2);
      assertThat(server.requests())
          .extracting(RecordedRequest::answer)
          .containsExactly(Fault.RATE_LIMITED, Fault.SERVER_ERROR, Fault.OK);
      assertThat(dispatcher.stats().retries()).isEqualTo(2);
      assertThat(dispatcher.stats().rateLimitedAnswers()).isEqualTo(1);
    }
  }

  @Test
  void shouldFailAtOnceWithAClearErrorOnA400() throws Exception {
    try (OpenAiTestServer server = OpenAiTestServer.builder().script(Fault.BAD_REQUEST).start();
        Dispatcher dispatcher = dispatcher(2);
        Transcriber transcriber =
            DispatchedTranscriber.of(OpenAiTranscriber.create(settings(server)), dispatcher)) {
      CompletableFuture<ChunkTranscript> result = transcriber.transcribe(chunk("w1", 1_000));

      assertThatThrownBy(() -> get(result))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(DispatchException.class)
          .hasMessageStartingWith("rejected by the provider: provider answered 400");
      assertThat(server.requests()).hasSize(1);
      assertThat(dispatcher.stats().attempts()).isEqualTo(1);
      assertThat(dispatcher.stats().retries()).isZero();
    }
  }

  @Test
  void shouldBoundConcurrencyByTheDispatchersCapacity() throws Exception {
    int capacity = 3;
    try (OpenAiTestServer server =
            OpenAiTestServer.builder()
                .latency(Latency.fixed(Duration.ofMillis(200)))
                // more than the capacity in flight would be answered 429 and show up below
                .concurrencyLimit(capacity, Duration.ofMillis(50))
                .start();
        Dispatcher dispatcher = dispatcher(capacity);
        Transcriber transcriber =
            DispatchedTranscriber.of(OpenAiTranscriber.create(settings(server)), dispatcher)) {
      List<CompletableFuture<ChunkTranscript>> results = new ArrayList<>();
      IntStream.range(0, 12)
          .forEach(i -> results.add(transcriber.transcribe(chunk("w" + (i % 2), 1_000))));

      for (CompletableFuture<ChunkTranscript> result : results) {
        assertThat(get(result).segments()).hasSize(1);
      }
      assertThat(server.inFlightPeak()).isEqualTo(capacity);
      assertThat(server.requests())
          .hasSize(12)
          .extracting(RecordedRequest::answer)
          .containsOnly(Fault.OK);
    }
  }

  @Test
  void shouldRejectAnOddNumberOfPcmBytes() {
    assertThatThrownBy(() -> AudioChunk.of("w1", "call-1", 0, new byte[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole 16-bit samples");
  }

  private static AudioChunk chunk(String workspaceId, int durationMs) {
    byte[] pcm = new byte[durationMs * 32];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (byte) (i * 31 + workspaceId.hashCode());
    }
    return AudioChunk.of(workspaceId, "call-1", CHUNK_START_MS, pcm);
  }

  private static TranscriptionSettings settings(OpenAiTestServer server) {
    return TranscriptionSettings.of(URI.create(server.baseUrl()), "test", Duration.ofSeconds(10));
  }

  private static Dispatcher dispatcher(int capacity) {
    return Dispatcher.of(
        new DispatchSettings(
            capacity,
            5,
            Duration.ofSeconds(10),
            Duration.ofMillis(10),
            Duration.ofMillis(50),
            Duration.ofSeconds(1)),
        workspace -> RateLimit.UNLIMITED);
  }

  private static ChunkTranscript get(CompletableFuture<ChunkTranscript> result) throws Exception {
    return result.get(30, TimeUnit.SECONDS);
  }
}
