package io.callstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callstream.audio.AudioFixtures;
import io.callstream.audio.Pcm;
import io.callstream.audio.Pcm16;
import io.callstream.audio.Resampler;
import io.callstream.audio.SpeechAssertions;
import io.callstream.audio.WavDecoder;
import io.callstream.llmtest.OpenAiTestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Audio calls end to end, on the packaged standalone process: audio uploaded to ingest (WAV, MP3, a
 * stereo dialogue, corrupt bytes, silence) or streamed over the live audio socket is transcribed by
 * the Flink transcription job through an OpenAI-compatible test server, analysed like any
 * transcript, and read back through the query API as a user sees it: the call's detail and its
 * transcript.
 *
 * <p>Speech is made with espeak-ng from known sentences with known pauses. The test server answers
 * one segment per stretch of speech it hears, so the segments' times tell whether the job cut the
 * audio in the pauses and mapped chunk time back to call time.
 *
 * <p>The JVM's shared standalone serves the class ({@link SharedStandalone}); the uploads go in
 * before the tests run so the calls are transcribed side by side, and each test waits for its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@ExtendWith(SharedStandalone.class)
class AudioCallIT {

  /** A hang guard only: the build machines are small and shared. */
  private static final Duration CALL_DEADLINE = Duration.ofMinutes(4);

  private static final long TOLERANCE_MS = 250;
  private static final int PAUSE_MS = 700;
  private static final int LEAD_MS = 500;

  /** 100 ms of 16 kHz mono s16le PCM: one message of the live socket. */
  private static final int LIVE_FRAME_BYTES = 3_200;

  private static final int LIVE_OPEN_MS = 45_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, Upload> uploads = new HashMap<>();
  private OpenAiTestServer transcriber;
  private Map<String, String> env;
  private String workspace;
  private String key;
  private AudioFixtures.Call monoCall;
  private AudioFixtures.Call dialogue;

  /** An audio call created and uploaded before the tests: its id and ingest's answer. */
  private record Upload(String callId, int status, String body) {}

  /** One transcript segment as the query API shows it. */
  private record Segment(long sequence, String speaker, long startMs, long endMs, String text) {}

  @BeforeAll
  void uploadCalls(SharedStandalone.Running standalone) throws Exception {
    transcriber = standalone.transcriber();
    env = standalone.env();
    workspace = standalone.workspace();
    key = standalone.ownerKey();

    monoCall =
        AudioFixtures.call(AudioFixtures.sentencesLasting(50_000, PAUSE_MS), PAUSE_MS, LEAD_MS);
    dialogue = AudioFixtures.dialogue(AudioFixtures.SENTENCES, PAUSE_MS, LEAD_MS);
    byte[] mp3 = AudioFixtures.ffmpeg(monoCall.wav(), "wav", "mp3", "-c:a", "libmp3lame");
    byte[] silence = AudioFixtures.wav(new float[][] {new float[16_000 * 40]}, 16_000, 16);
    byte[] garbage = new byte[200_000];
    new Random(7).nextBytes(garbage);

    upload("wav", "audio/wav", monoCall.wav());
    upload("mp3", "audio/mpeg", mp3);
    upload("dialogue", "audio/wav", dialogue.wav());
    upload("corrupt", "audio/mpeg", garbage);
    upload("silence", "audio/wav", silence);
  }

  @Test
  void shouldTranscribeUploadedWavAtCallTimeAndAnalyzeIt() throws Exception {
    String callId = uploaded("wav");

    JsonNode detail = awaitAnalysis(callId);
    assertThat(detail.path("analysis").path("status").asText())
        .as(detail.toString())
        .isEqualTo("COMPLETED");
    assertThat(detail.path("analysis").path("analyzer").asText()).isEqualTo("local");
    List<Segment> transcript = transcript(callId);
    assertFollowsSpeech(transcript, monoCall.speech());
    assertThat(transcript)
        .extracting(Segment::sequence)
        .isEqualTo(LongStream.range(0, transcript.size()).boxed().toList());
    assertThat(transcript).allSatisfy(segment -> assertThat(segment.text()).isNotBlank());
    assertThat(stage(detail, "TRANSCRIBED"))
        .as("TRANSCRIBED progress in %s", detail.path("progress"))
        .hasValueSatisfying(
            transcribed -> {
              assertThat(transcribed.path("done").asLong())
                  .isEqualTo(transcribed.path("total").asLong());
              assertThat((double) transcribed.path("total").asLong())
                  .as("milliseconds of call audio")
                  .isCloseTo(monoCall.durationMs(), within(100.0));
            });

    JsonNode ended =
        awaitDetail(
            callId,
            candidate ->
                Math.abs(candidate.path("durationMs").asLong() - monoCall.durationMs()) <= 100);
    assertThat((double) ended.path("durationMs").asLong())
        .as("the call lasts as long as its audio, not as its upload: %s", ended)
        .isCloseTo(monoCall.durationMs(), within(100.0));

    assertThat(transcriber.requests())
        .filteredOn(request -> request.path().equals("/v1/audio/transcriptions"))
        .as("speech went to the configured speech-to-text server")
        .isNotEmpty()
        .allSatisfy(request -> assertThat(request.model()).isEqualTo("whisper-1"));

    JsonNode mindmap = awaitMindmap(callId);
    assertThat(mindmap.path("root").path("label").asText()).as(mindmap.toString()).isNotBlank();
    assertThat(mindmap.path("root").path("children").size()).isPositive();
  }

  @Test
  void shouldTranscribeMp3LikeTheWavItWasEncodedFrom() throws Exception {
    String callId = uploaded("mp3");

    JsonNode detail = awaitAnalysis(callId);
    assertThat(detail.path("analysis").path("status").asText())
        .as(detail.toString())
        .isEqualTo("COMPLETED");
    assertFollowsSpeech(transcript(callId), monoCall.speech());
  }

  @Test
  void shouldGiveEachStereoChannelItsOwnSpeaker() throws Exception {
    String callId = uploaded("dialogue");

    JsonNode detail = awaitAnalysis(callId);
    assertThat(detail.path("analysis").path("status").asText())
        .as(detail.toString())
        .isEqualTo("COMPLETED");
    List<Segment> transcript = transcript(callId);
    assertFollowsSpeech(transcript, dialogue.speech());
    for (Segment segment : transcript) {
      int turn = sentenceOf(segment, dialogue.speech());
      assertThat(segment.speaker())
          .as("speaker of the segment at %d ms, in sentence %d", segment.startMs(), turn)
          .isEqualTo(turn % 2 == 0 ? "channel_1" : "channel_2");
    }
  }

  @Test
  void shouldFailCorruptAudioWithReason() throws Exception {
    String callId = uploaded("corrupt");

    JsonNode analysis = awaitAnalysis(callId).path("analysis");
    assertThat(analysis.path("status").asText()).as(analysis.toString()).isEqualTo("FAILED");
    assertThat(analysis.path("reason").asText()).as(analysis.toString()).isNotBlank();
    assertThat(analysis.path("analyzer").asText()).isEqualTo("transcription");
    assertThat(transcript(callId)).isEmpty();
  }

  @Test
  void shouldEndSilenceOnlyAsEmpty() throws Exception {
    String callId = uploaded("silence");

    JsonNode analysis = awaitAnalysis(callId).path("analysis");
    assertThat(analysis.path("status").asText()).as(analysis.toString()).isEqualTo("EMPTY");
    assertThat(transcript(callId)).isEmpty();
  }

  @Test
  void shouldShowLiveAudioSegmentsWhileTheMeetingGoesOn() throws Exception {
    AudioFixtures.Call meeting =
        AudioFixtures.call(AudioFixtures.sentencesLasting(65_000, PAUSE_MS), PAUSE_MS, LEAD_MS);
    byte[] pcm = pcm16kMono(meeting.wav());
    int openBytes = LIVE_OPEN_MS / 1000 * Pcm.SAMPLE_RATE * 2;
    assertThat(pcm.length).as("the meeting goes on after the first part").isGreaterThan(openBytes);
    String callId = createCall("Live meeting", "live");

    URI live =
        URI.create(
            "ws://localhost:"
                + env.get("CALLSTREAM_INGEST_PORT")
                + "/v1/workspaces/"
                + workspace
                + audioPath(callId)
                + "/live?rate="
                + Pcm.SAMPLE_RATE
                + "&channels=1");
    try (LiveSocket socket = LiveSocket.open(live, key)) {
      assertThat(socket.await(reply -> "ready".equals(reply.path("type").asText())))
          .as("ready")
          .isPresent();
      socket.sendPcm(pcm, 0, openBytes);

      List<Segment> early = awaitTranscript(callId, segments -> !segments.isEmpty());
      assertThat(early).as("segments while the socket is open").isNotEmpty();
      assertThat(socket.isOpen()).as("the socket is still open").isTrue();
      JsonNode during = call(callId);
      assertThat(during.path("endedAt").isNull() || during.path("endedAt").isMissingNode())
          .as("the call goes on: %s", during)
          .isTrue();
      assertThat(during.path("status").asText()).as(during.toString()).isNotEqualTo("ended");
      System.out.printf(
          "live audio: %d segments up to %d ms shown while the socket was open%n",
          early.size(), early.get(early.size() - 1).endMs());
      assertThat(early)
          .allSatisfy(segment -> assertThat(segment.endMs()).isLessThanOrEqualTo(LIVE_OPEN_MS));
      for (Segment segment : early) {
        sentenceOf(segment, meeting.speech());
      }

      socket.sendPcm(pcm, openBytes, pcm.length);
      socket.sendText("{\"type\":\"end\"}");
      assertThat(socket.await(reply -> "ended".equals(reply.path("type").asText())))
          .as("ended, after %s", socket.replies())
          .hasValueSatisfying(
              ended -> assertThat(ended.path("bytes").asLong()).isEqualTo(pcm.length));
    }

    JsonNode detail = awaitAnalysis(callId);
    assertThat(detail.path("analysis").path("status").asText())
        .as(detail.toString())
        .isEqualTo("COMPLETED");
    assertThat(detail.path("endedAt").asText()).isNotBlank();
    List<Segment> transcript = transcript(callId);
    assertFollowsSpeech(transcript, meeting.speech());
    assertThat(transcript)
        .extracting(Segment::sequence)
        .isEqualTo(LongStream.range(0, transcript.size()).boxed().toList());
  }

  // --- assertions -----------------------------------------------------------------------------

  private static void assertFollowsSpeech(List<Segment> segments, List<AudioFixtures.Span> speech) {
    SpeechAssertions.assertFollowsSpeech(heard(segments), speech, TOLERANCE_MS);
  }

  private static int sentenceOf(Segment segment, List<AudioFixtures.Span> speech) {
    return SpeechAssertions.sentenceOf(
        new SpeechAssertions.Heard(segment.startMs(), segment.endMs()), speech, TOLERANCE_MS);
  }

  private static List<SpeechAssertions.Heard> heard(List<Segment> segments) {
    return segments.stream()
        .map(segment -> new SpeechAssertions.Heard(segment.startMs(), segment.endMs()))
        .toList();
  }

  // --- the calls ------------------------------------------------------------------------------

  private void upload(String name, String contentType, byte[] audio)
      throws IOException, InterruptedException {
    String callId = createCall("Audio " + name, "upload");
    HttpResponse<String> stored =
        http.send(
            request("CALLSTREAM_INGEST_PORT", audioPath(callId))
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(audio))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    uploads.put(name, new Upload(callId, stored.statusCode(), stored.body()));
  }

  /** The call of an upload, which ingest must have taken whole: 201 Created. */
  private String uploaded(String name) {
    Upload upload = uploads.get(name);
    assertThat(upload.status()).as("upload of %s: %s", name, upload.body()).isEqualTo(201);
    return upload.callId();
  }

  private String createCall(String title, String source) throws IOException, InterruptedException {
    HttpResponse<String> created =
        http.send(
            request("CALLSTREAM_INGEST_PORT", "/calls")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"title\":\"" + title + "\",\"source\":\"" + source + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return JSON.readTree(created.body()).path("callId").asText();
  }

  private static String audioPath(String callId) {
    return "/calls/" + callId + "/audio";
  }

  /** The call's detail once its analysis has ended, whatever the status. */
  private JsonNode awaitAnalysis(String callId) throws IOException, InterruptedException {
    JsonNode detail =
        awaitDetail(callId, candidate -> candidate.path("analysis").hasNonNull("status"));
    assertThat(detail.path("analysis").path("status").asText())
        .as("the analysis of %s ends within %s: %s", callId, CALL_DEADLINE, detail)
        .isNotEmpty();
    return detail;
  }

  /** The call's detail once {@code done} holds for it, or as it is at the deadline. */
  private JsonNode awaitDetail(String callId, Predicate<JsonNode> done)
      throws IOException, InterruptedException {
    Instant end = Instant.now().plus(CALL_DEADLINE);
    JsonNode detail = call(callId);
    while (!done.test(detail) && Instant.now().isBefore(end)) {
      Thread.sleep(500);
      detail = call(callId);
    }
    return detail;
  }

  /** The latest progress of a stage in a call's detail. */
  private static Optional<JsonNode> stage(JsonNode detail, String stage) {
    for (JsonNode progress : detail.path("progress")) {
      if (stage.equals(progress.path("stage").asText())) {
        return Optional.of(progress);
      }
    }
    return Optional.empty();
  }

  private JsonNode call(String callId) throws IOException, InterruptedException {
    HttpResponse<String> detail = get("/calls/" + callId);
    assertThat(detail.statusCode()).as(detail.body()).isEqualTo(200);
    return JSON.readTree(detail.body());
  }

  private JsonNode awaitMindmap(String callId) throws IOException, InterruptedException {
    Instant end = Instant.now().plus(CALL_DEADLINE);
    HttpResponse<String> mindmap = get("/calls/" + callId + "/mindmap");
    while (mindmap.statusCode() != 200 && Instant.now().isBefore(end)) {
      Thread.sleep(500);
      mindmap = get("/calls/" + callId + "/mindmap");
    }
    assertThat(mindmap.statusCode()).as(mindmap.body()).isEqualTo(200);
    return JSON.readTree(mindmap.body());
  }

  private List<Segment> awaitTranscript(String callId, Predicate<List<Segment>> wanted)
      throws IOException, InterruptedException {
    Instant end = Instant.now().plus(CALL_DEADLINE);
    List<Segment> segments = transcript(callId);
    while (!wanted.test(segments) && Instant.now().isBefore(end)) {
      Thread.sleep(500);
      segments = transcript(callId);
    }
    return segments;
  }

  /** The whole transcript, page by page. */
  private List<Segment> transcript(String callId) throws IOException, InterruptedException {
    List<Segment> segments = new ArrayList<>();
    String cursor = null;
    do {
      String query =
          "?limit=200"
              + (cursor == null
                  ? ""
                  : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      HttpResponse<String> page = get("/calls/" + callId + "/transcript" + query);
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(page.body());
      for (JsonNode item : body.path("items")) {
        segments.add(
            new Segment(
                item.path("sequence").asLong(),
                item.path("speaker").asText(),
                item.path("startMs").asLong(),
                item.path("endMs").asLong(),
                item.path("text").asText()));
      }
      cursor = body.path("nextCursor").isTextual() ? body.path("nextCursor").asText() : null;
    } while (cursor != null);
    return segments;
  }

  // --- audio ----------------------------------------------------------------------------------

  /** The WAV's first channel at 16 kHz as signed 16-bit little-endian PCM. */
  private static byte[] pcm16kMono(byte[] wav) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WavDecoder decoder = WavDecoder.open(new ByteArrayInputStream(wav))) {
      Resampler resampler = Resampler.to16k(decoder.sampleRate());
      float[][] block;
      while ((block = decoder.read()) != null) {
        out.write(Pcm16.littleEndian(resampler.process(block[0])));
      }
      out.write(Pcm16.littleEndian(resampler.flush()));
    }
    byte[] pcm = out.toByteArray();
    return pcm;
  }

  // --- HTTP -----------------------------------------------------------------------------------

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        request("CALLSTREAM_QUERY_PORT", path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String port, String path) {
    return HttpRequest.newBuilder(
            URI.create("http://localhost:" + env.get(port) + "/v1/workspaces/" + workspace + path))
        .timeout(Duration.ofMinutes(1))
        .header("Authorization", "Bearer " + key);
  }

  /**
   * A client of ingest's live audio socket on the JDK's WebSocket, keeping every text reply of the
   * server. Thread-safe.
   */
  private static final class LiveSocket implements AutoCloseable {

    private final List<JsonNode> replies = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;

    static LiveSocket open(URI uri, String key) throws Exception {
      LiveSocket live = new LiveSocket();
      live.socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .header("Authorization", "Bearer " + key)
              .buildAsync(uri, live.listener())
              .get(1, TimeUnit.MINUTES);
      return live;
    }

    private WebSocket.Listener listener() {
      return new WebSocket.Listener() {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
          text.append(data);
          if (last) {
            try {
              replies.add(JSON.readTree(text.toString()));
            } catch (IOException e) {
              closed.completeExceptionally(e);
            }
            text.setLength(0);
          }
          webSocket.request(1);
          return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
          closed.complete(statusCode);
          return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
          closed.completeExceptionally(error);
        }
      };
    }

    /** Sends bytes {@code [from, to)} of the PCM in messages of 100 ms. */
    void sendPcm(byte[] pcm, int from, int to) {
      for (int at = from; at < to; at += LIVE_FRAME_BYTES) {
        byte[] frame = Arrays.copyOfRange(pcm, at, Math.min(to, at + LIVE_FRAME_BYTES));
        socket.sendBinary(ByteBuffer.wrap(frame), true).join();
      }
    }

    void sendText(String text) {
      socket.sendText(text, true).join();
    }

    boolean isOpen() {
      return !closed.isDone() && !socket.isInputClosed();
    }

    List<JsonNode> replies() {
      return List.copyOf(replies);
    }

    /** The first reply that is wanted, waiting for it until the call deadline. */
    Optional<JsonNode> await(Predicate<JsonNode> wanted) throws InterruptedException {
      Instant end = Instant.now().plus(CALL_DEADLINE);
      while (Instant.now().isBefore(end)) {
        Optional<JsonNode> reply = replies.stream().filter(wanted).findFirst();
        if (reply.isPresent()) {
          return reply;
        }
        if (closed.isDone()) {
          return replies.stream().filter(wanted).findFirst();
        }
        Thread.sleep(100);
      }
      return Optional.empty();
    }

    @Override
    public void close() {
      socket.abort();
    }
  }
}
