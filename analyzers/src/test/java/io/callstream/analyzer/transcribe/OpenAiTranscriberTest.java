package io.callstream.analyzer.transcribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
      // speech at 0.5-1.7 s and 2.5-3.4 s of the chunk: the server answers one segment for each
      ChunkTranscript transcript = get(transcriber.transcribe(chunk("w1", 500, 1_200, 800, 900)));

      assertThat(transcript.callId()).isEqualTo("call-1");
      assertThat(transcript.chunkStartMs()).isEqualTo(CHUNK_START_MS);
      List<TranscribedSegment> segments = transcript.segments();
      assertThat(segments).hasSize(2);
      // the test server's voice-activity frames are 30 ms long
      assertThat(segments.get(0).startMs()).isCloseTo(60_500L, within(30L));
      assertThat(segments.get(0).endMs()).isCloseTo(61_700L, within(30L));
      assertThat(segments.get(1).startMs()).isCloseTo(62_500L, within(30L));
      assertThat(segments.get(1).endMs()).isEqualTo(63_400L); // speech to the chunk's end
      assertThat(segments)
          .extracting(TranscribedSegment::speaker)
          .containsExactly("speaker_0", "speaker_1");
      // one word per started second of speech
      assertThat(segments.get(0).text().split(" ")).hasSize(2);
      assertThat(segments.get(1).text().split(" ")).hasSize(1);
      RecordedRequest request = server.requests().get(0);
      assertThat(request.path()).isEqualTo("/v1/audio/transcriptions");
      assertThat(request.model()).isEqualTo("whisper-1");
      assertThat(request.json().path("response_format").asText()).isEqualTo("verbose_json");
      assertThat(request.json().path("bytes").asInt()).isEqualTo(44 + 3_400 * 32);
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
      ChunkTranscript transcript = get(transcriber.transcribe(chunk("w1", 300, 700, 600, 700)));

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
      CompletableFuture<ChunkTranscript> result = transcriber.transcribe(chunk("w1", 200, 800));

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
          .forEach(i -> results.add(transcriber.transcribe(chunk("w" + (i % 2), 200, 800))));

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

  /**
   * A chunk of 16 kHz PCM that the test server's voice-activity detector reads as speech where the
   * spans say: milliseconds of silence, then of a tone, then of silence, and so on. Start with
   * silence: the detector takes a tone it hears from the first frame for the noise floor.
   */
  private static AudioChunk chunk(String workspaceId, int... silenceThenToneMs) {
    int total = IntStream.of(silenceThenToneMs).sum();
    byte[] pcm = new byte[total * 32];
    int sample = 0;
    for (int span = 0; span < silenceThenToneMs.length; span++) {
      for (int end = sample + silenceThenToneMs[span] * 16; sample < end; sample++) {
        double t = sample / 16_000.0;
        short value =
            span % 2 == 0 ? 0 : (short) Math.round(6_000 * Math.sin(2 * Math.PI * 220 * t));
        pcm[2 * sample] = (byte) value;
        pcm[2 * sample + 1] = (byte) (value >> 8);
      }
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
