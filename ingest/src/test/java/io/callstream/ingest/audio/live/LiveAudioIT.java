package io.callstream.ingest.audio.live;

import static io.callstream.ingest.testing.IngestFixtures.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.callstream.api.auth.Role;
import io.callstream.core.cloudevents.CallstreamEventDeserializer;
import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.AudioChunk;
import io.callstream.core.event.CallEnded;
import io.callstream.core.event.Topic;
import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.ingest.testing.AudioSocket;
import io.callstream.ingest.testing.IngestFixtures;
import io.callstream.ingest.testing.IngestServer;
import io.callstream.ingest.testing.RunningIngest;
import io.callstream.ingest.testing.TestWorkspace;
import io.callstream.ingest.testing.TopicRecords;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/** The live audio socket against a real ingest service, Kafka and PostgreSQL. */
@ExtendWith({SharedInfrastructure.class, IngestServer.class})
class LiveAudioIT {

  private static final CloudEventCodec CODEC = CloudEventCodec.of("ingest-it");

  /** Frame sizes a client might send, odd ones among them, so samples split between frames. */
  private static final int[] FRAMES = {1, 333, 4_097, 640, 7, 2_000, 999, 12_345};

  private static RunningIngest ingest;
  private static TestWorkspace workspace;

  @BeforeAll
  static void setUp(RunningIngest running) {
    ingest = running;
    workspace = ingest.newWorkspace(Role.MEMBER);
  }

  @Test
  void shouldStoreFramesOfOddSizesAsChunksOfOneSecondThatAddUpToExactlyTheBytesSent() {
    String callId = ingest.createCall(workspace, call("Stand-up, live", "live"));
    // 8 kHz mono: 16 000 bytes a second
    byte[] audio = pcm(45_000);

    try (AudioSocket socket = open(callId, "?rate=8000&channels=1")) {
      sendInFrames(socket, audio);
      socket.sendText("{\"type\": \"end\"}");

      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(reply -> assertReply(reply, "ready", 0))
          .assertNext(reply -> assertReply(reply, "stored", 16_000))
          .assertNext(reply -> assertReply(reply, "stored", 32_000))
          .assertNext(reply -> assertReply(reply, "ended", 45_000))
          .expectComplete()
          .verify(RunningIngest.PATIENCE);
      assertThat(socket.closeCode()).isEqualTo(CloseStatus.NORMAL.getCode());
    }

    List<AudioChunk> chunks = chunksOf(callId);
    assertThat(chunks).extracting(AudioChunk::offset).containsExactly(0L, 16_000L, 32_000L);
    assertThat(chunks).extracting(AudioChunk::last).containsExactly(false, false, true);
    assertThat(chunks)
        .extracting(AudioChunk::contentType)
        .containsOnly("audio/pcm;rate=8000;channels=1");
    assertThat(reassemble(callId, chunks)).isEqualTo(audio);
    assertThat(callStatus(callId)).isEqualTo("ended");
    assertThat(callEndedEvents(callId)).as("the transcription job ends audio calls").isEmpty();
  }

  @Test
  void shouldEndTheAudioOnANormalCloseWithItsBytesAfterTheLastWholeSecond() {
    String callId = ingest.createCall(workspace, call("Closed normally", "live"));
    byte[] audio = pcm(20_000);

    try (AudioSocket socket = open(callId, "?rate=8000")) {
      sendInFrames(socket, audio);
      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(reply -> assertReply(reply, "ready", 0))
          .assertNext(reply -> assertReply(reply, "stored", 16_000))
          .then(() -> socket.closeWith(CloseStatus.NORMAL.getCode()))
          .thenCancel()
          .verify(RunningIngest.PATIENCE);
    }

    awaitCallStatus(callId, "ended");
    List<AudioChunk> chunks = chunksOf(callId);
    assertThat(chunks).extracting(AudioChunk::sequence).containsExactly(0L, 1L);
    assertThat(chunks).extracting(AudioChunk::last).containsExactly(false, true);
    assertThat(reassemble(callId, chunks)).isEqualTo(audio);
    assertThat(callEndedEvents(callId)).isEmpty();
  }

  @Test
  void shouldResumeAtTheStoredOffsetAfterTheConnectionDropped() {
    String callId = ingest.createCall(workspace, call("Flaky network", "live"));
    // 8 kHz stereo: 32 000 bytes a second; 6 000 bytes after the second whole second are lost
    byte[] before = pcm(70_000);
    byte[] after = pcm(50_000);

    try (AudioSocket socket = open(callId, "?rate=8000&channels=2")) {
      sendInFrames(socket, before);
      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(reply -> assertReply(reply, "ready", 0))
          .assertNext(reply -> assertReply(reply, "stored", 32_000))
          .assertNext(reply -> assertReply(reply, "stored", 64_000))
          .then(socket::abort)
          .thenCancel()
          .verify(RunningIngest.PATIENCE);
    }

    try (AudioSocket socket = reopen(callId, "?rate=8000&channels=2")) {
      assertThat(callStatus(callId))
          .as("a dropped connection does not end the call")
          .isEqualTo("open");
      sendInFrames(socket, after);
      socket.sendText("{\"type\":\"end\"}");
      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(reply -> assertReply(reply, "ready", 64_000))
          .assertNext(reply -> assertReply(reply, "stored", 96_000))
          .assertNext(reply -> assertReply(reply, "ended", 114_000))
          .expectComplete()
          .verify(RunningIngest.PATIENCE);
    }

    List<AudioChunk> chunks = chunksOf(callId);
    assertThat(chunks).extracting(AudioChunk::eventId).doesNotHaveDuplicates();
    assertThat(chunks).extracting(AudioChunk::sequence).containsExactly(0L, 1L, 2L, 3L);
    assertThat(chunks)
        .extracting(AudioChunk::offset)
        .containsExactly(0L, 32_000L, 64_000L, 96_000L);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write(before, 0, 64_000);
    expected.writeBytes(after);
    assertThat(reassemble(callId, chunks)).isEqualTo(expected.toByteArray());
  }

  @Test
  void shouldRefuseTheUpgradeForARateOrChannelsOutOfRangeWith400() {
    String callId = ingest.createCall(workspace, call("Bad format", "live"));

    for (String query : List.of("?rate=7999", "?rate=48001", "?rate=fast", "?channels=3")) {
      assertThatThrownBy(() -> open(callId, query))
          .as(query)
          .isInstanceOfSatisfying(
              AudioSocket.Refused.class, refused -> assertThat(refused.status()).isEqualTo(400));
    }
    ingest
        .clientOf(workspace)
        .get()
        .uri(LiveAudioIT.path(workspace, callId) + "?rate=96000")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .isEqualTo("rate must be from 8000 to 48000 samples per second, was 96000");
    assertThat(chunksOf(callId)).isEmpty();
  }

  @Test
  void shouldRefuseAnotherWorkspacesCallLikeTheSegmentSocket() {
    TestWorkspace other = ingest.newWorkspace(Role.OWNER);
    String othersCall = ingest.createCall(other, call("Globex board meeting", "live"));

    expectRefused(path(other, othersCall), workspace.bearer(), 404);
    expectRefused(path(workspace, othersCall), workspace.bearer(), 404);
    expectRefusedWithProtocolKey(path(other, othersCall), workspace.apiKey(), 404);
    expectRefused(path(workspace, IngestFixtures.unknownCallId()), workspace.bearer(), 404);
    expectRefused(path(other, othersCall), null, 401);
    assertThat(chunksOf(othersCall)).isEmpty();
  }

  @Test
  void shouldTakeTheKeyOfferedAsSubprotocolAndSelectOnlyTheAudioProtocol() {
    String callId = ingest.createCall(workspace, call("From a browser", "live"));

    try (AudioSocket socket =
        AudioSocket.open(
            ingest,
            path(workspace, callId),
            null,
            List.of(LiveAudioSocket.PROTOCOL, "callstream.bearer." + workspace.apiKey()))) {
      assertThat(socket.subprotocol()).isEqualTo(LiveAudioSocket.PROTOCOL);
      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(reply -> assertReply(reply, "ready", 0))
          .thenCancel()
          .verify(RunningIngest.PATIENCE);
    }
  }

  @Test
  void shouldRefuseASecondFeedAndAnEndWhileAFeedWritesTheAudio() {
    String callId = ingest.createCall(workspace, call("Two feeds", "live"));

    try (AudioSocket socket = open(callId, "")) {
      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(reply -> assertReply(reply, "ready", 0))
          .thenCancel()
          .verify(RunningIngest.PATIENCE);

      expectRefused(path(workspace, callId), workspace.bearer(), 409);
      expectEndRefused(callId);
      socket.sendBinary(pcm(40_000));
      socket
          .replies()
          .as(StepVerifier::create)
          .expectNextCount(1)
          .assertNext(reply -> assertReply(reply, "stored", 32_000))
          .thenCancel()
          .verify(RunningIngest.PATIENCE);
      expectEndRefused(callId);
    }
    assertThat(callStatus(callId)).isEqualTo("open");
    assertThat(callEndedEvents(callId)).isEmpty();
  }

  private static void expectEndRefused(String callId) {
    ingest
        .clientOf(workspace)
        .post()
        .uri(workspace.calls() + "/" + callId + "/end")
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.CONFLICT)
        .expectBody()
        .jsonPath("$.title")
        .isEqualTo("Audio in use");
  }

  @Test
  void shouldRefuseAFeedInAnotherFormatThanTheStoredAudioWith409() {
    String callId = ingest.createCall(workspace, call("Format change", "live"));
    try (AudioSocket socket = open(callId, "?rate=8000")) {
      socket.sendBinary(pcm(16_000));
      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(reply -> assertReply(reply, "ready", 0))
          .assertNext(reply -> assertReply(reply, "stored", 16_000))
          .then(() -> socket.closeWith(CloseStatus.GOING_AWAY.getCode()))
          .thenCancel()
          .verify(RunningIngest.PATIENCE);
    }

    assertThatThrownBy(() -> reopen(callId, "?rate=16000"))
        .isInstanceOfSatisfying(
            AudioSocket.Refused.class, refused -> assertThat(refused.status()).isEqualTo(409));
    assertThat(callStatus(callId)).as("a close other than 1000 does not end").isEqualTo("open");
  }

  @Test
  void shouldAnswerATextMessageOtherThanTheEndWithAnErrorAndCloseLeavingTheCallOpen() {
    String callId = ingest.createCall(workspace, call("Chatty client", "live"));

    try (AudioSocket socket = open(callId, "")) {
      socket.sendText("{\"type\": \"pause\"}");
      socket
          .replies()
          .as(StepVerifier::create)
          .assertNext(reply -> assertReply(reply, "ready", 0))
          .assertNext(
              reply -> {
                assertThat(reply.get("type").asString()).isEqualTo("error");
                assertThat(reply.get("status").asInt()).isEqualTo(400);
                assertThat(reply.get("title").asString()).isEqualTo("Not a live audio message");
                assertThat(reply.get("detail").asString()).contains("{\"type\": \"end\"}");
              })
          .expectComplete()
          .verify(RunningIngest.PATIENCE);
      assertThat(socket.closeCode()).isEqualTo(CloseStatus.BAD_DATA.getCode());
    }
    assertThat(callStatus(callId)).isEqualTo("open");
  }

  @Test
  void shouldRefuseTheUpgradeToAnEndedCallWith409() {
    String callId = ingest.createCall(workspace, call("Over already", "live"));
    ingest
        .clientOf(workspace)
        .post()
        .uri(workspace.calls() + "/" + callId + "/end")
        .exchange()
        .expectStatus()
        .isOk();

    expectRefused(path(workspace, callId), workspace.bearer(), 409);
  }

  private static AudioSocket open(String callId, String query) {
    return AudioSocket.open(
        ingest,
        path(workspace, callId) + query,
        workspace.bearer(),
        List.of(LiveAudioSocket.PROTOCOL));
  }

  /**
   * Opens a feed again after one broke off, once the server has noticed the break and given the
   * call's audio free; until then a feed would be refused with 409.
   */
  private static AudioSocket reopen(String callId, String query) {
    long deadline = System.nanoTime() + RunningIngest.PATIENCE.toNanos();
    while (isHeld(callId)) {
      if (System.nanoTime() - deadline > 0) {
        fail("the audio of call %s was not given free within %s", callId, RunningIngest.PATIENCE);
      }
      sleep();
    }
    return open(callId, query);
  }

  private static boolean isHeld(String callId) {
    return ingest
        .db()
        .sql(
            "select writer is not null as held from audio_uploads"
                + " where workspace_id = :workspaceId and call_id = :callId")
        .bind("workspaceId", workspace.workspaceId())
        .bind("callId", callId)
        .map(row -> Boolean.TRUE.equals(row.get("held", Boolean.class)))
        .one()
        .blockOptional(RunningIngest.PATIENCE)
        .orElse(false);
  }

  private static void sendInFrames(AudioSocket socket, byte[] audio) {
    int from = 0;
    for (int i = 0; from < audio.length; i++) {
      int length = Math.min(FRAMES[i % FRAMES.length], audio.length - from);
      socket.sendBinary(Arrays.copyOfRange(audio, from, from + length));
      from += length;
    }
  }

  private static void expectRefused(String path, String bearer, int status) {
    assertThatThrownBy(
            () -> AudioSocket.open(ingest, path, bearer, List.of(LiveAudioSocket.PROTOCOL)))
        .as(path)
        .isInstanceOfSatisfying(
            AudioSocket.Refused.class, refused -> assertThat(refused.status()).isEqualTo(status));
  }

  private static void expectRefusedWithProtocolKey(String path, String apiKey, int status) {
    assertThatThrownBy(
            () ->
                AudioSocket.open(
                    ingest,
                    path,
                    null,
                    List.of(LiveAudioSocket.PROTOCOL, "callstream.bearer." + apiKey)))
        .isInstanceOfSatisfying(
            AudioSocket.Refused.class, refused -> assertThat(refused.status()).isEqualTo(status));
  }

  private static void assertReply(JsonNode reply, String type, long bytes) {
    assertThat(reply.get("type").asString()).as("type of %s", reply).isEqualTo(type);
    assertThat(reply.get("bytes").asLong()).as("bytes of %s", reply).isEqualTo(bytes);
  }

  static String path(TestWorkspace workspace, String callId) {
    return workspace.calls() + "/" + callId + "/audio/live";
  }

  private static String callStatus(String callId) {
    return ingest
        .db()
        .sql("select status from calls where workspace_id = :workspaceId and id = :callId")
        .bind("workspaceId", workspace.workspaceId())
        .bind("callId", callId)
        .map(row -> row.get("status", String.class))
        .one()
        .block(RunningIngest.PATIENCE);
  }

  private static void awaitCallStatus(String callId, String status) {
    long deadline = System.nanoTime() + RunningIngest.PATIENCE.toNanos();
    while (!status.equals(callStatus(callId))) {
      if (System.nanoTime() - deadline > 0) {
        fail("call %s did not become %s within %s", callId, status, RunningIngest.PATIENCE);
      }
      sleep();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<CallEnded> callEndedEvents(String callId) {
    return TopicRecords.ofCall(
            ingest.kafka(), Topic.CALLS, callId, new CallstreamEventDeserializer())
        .stream()
        .map(ConsumerRecord::value)
        .filter(CallEnded.class::isInstance)
        .map(CallEnded.class::cast)
        .toList();
  }

  private static List<AudioChunk> chunksOf(String callId) {
    return TopicRecords.rawOfCall(ingest.kafka(), Topic.AUDIO, callId).stream()
        .map(CODEC::decode)
        .map(AudioChunk.class::cast)
        .toList();
  }

  /** The audio as the transcription job reads it: decrypted, in sequence, without gaps. */
  private static byte[] reassemble(String callId, List<AudioChunk> chunks) {
    FieldCipher cipher = ingest.readerCipher();
    assertThat(chunks)
        .extracting(AudioChunk::sequence)
        .containsExactlyElementsOf(LongStream.range(0, chunks.size()).boxed().toList());
    ByteArrayOutputStream audio = new ByteArrayOutputStream();
    for (AudioChunk chunk : chunks) {
      assertThat(chunk.offset()).isEqualTo(audio.size());
      assertThat(chunk.eventId())
          .isEqualTo(Ids.deterministic("audio-chunk", callId, chunk.offset()));
      audio.writeBytes(
          cipher.decrypt(workspace.workspaceId(), callId, Field.AUDIO, chunk.audio().bytes()));
    }
    return audio.toByteArray();
  }

  /** Noise as 16-bit PCM: the server does not look at the samples. */
  private static byte[] pcm(int bytes) {
    byte[] audio = new byte[bytes];
    new Random(bytes).nextBytes(audio);
    return audio;
  }
}
