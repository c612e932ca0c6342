package io.callstream.ingest.audio;

import static io.callstream.ingest.audio.AudioChunker.CHUNK_BYTES;
import static io.callstream.ingest.testing.IngestFixtures.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.callstream.api.auth.Role;
import io.callstream.core.cloudevents.CloudEventCodec;
import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.event.AudioChunk;
import io.callstream.core.event.Topic;
import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.ingest.testing.IngestFixtures;
import io.callstream.ingest.testing.IngestServer;
import io.callstream.ingest.testing.RunningIngest;
import io.callstream.ingest.testing.TestWorkspace;
import io.callstream.ingest.testing.TopicRecords;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Flux;

/** Audio uploads over real HTTP into the real Kafka broker, reassembled from the audio topic. */
@ExtendWith({SharedInfrastructure.class, IngestServer.class})
class AudioUploadIT {

  private static final CloudEventCodec CODEC = CloudEventCodec.of("ingest-it");
  private static final MediaType OPUS = MediaType.parseMediaType("audio/ogg; codecs=opus");
  private static final HttpStatus RESUME_INCOMPLETE = HttpStatus.PERMANENT_REDIRECT;

  private static RunningIngest ingest;
  private static TestWorkspace workspace;
  private static WebTestClient client;

  @BeforeAll
  static void setUp(RunningIngest running) {
    ingest = running;
    workspace = ingest.newWorkspace(Role.MEMBER);
    client = ingest.clientOf(workspace);
  }

  @Test
  void shouldStreamAudioOfOnePutIntoKafkaInOrderedEncryptedChunks() {
    String callId = ingest.createCall(workspace, call("Five megabytes", "upload"));
    byte[] audio = audio(5_000_000);

    client
        .put()
        .uri(audioOf(callId))
        .contentType(OPUS)
        .bodyValue(audio)
        .exchange()
        .expectStatus()
        .isCreated()
        .expectHeader()
        .valueEquals(UploadHeaders.UPLOAD_OFFSET, "5000000")
        .expectHeader()
        .valueEquals(HttpHeaders.RANGE, "bytes=0-4999999")
        .expectBody()
        .jsonPath("$.storedBytes")
        .isEqualTo(5_000_000)
        .jsonPath("$.complete")
        .isEqualTo(true);

    List<AudioChunk> chunks = chunksOf(callId);
    assertThat(sha256(reassemble(callId, chunks))).isEqualTo(sha256(audio));
    assertThat(chunks).hasSize(10);
    assertThat(chunks)
        .allSatisfy(
            chunk -> {
              assertThat(chunk.workspaceId()).isEqualTo(workspace.workspaceId());
              assertThat(chunk.callId()).isEqualTo(callId);
              assertThat(chunk.contentType()).isEqualTo(OPUS.toString());
              assertThat(chunk.eventId())
                  .isEqualTo(Ids.deterministic("audio-chunk", callId, chunk.offset()));
            });
  }

  @Test
  void shouldMarkTheLastChunkOfAStreamWithoutLengthAlsoWhenItIsFull() {
    String callId = ingest.createCall(workspace, call("Chunked", "upload"));
    byte[] audio = audio(2 * CHUNK_BYTES);
    Flux<DataBuffer> body =
        Flux.range(0, audio.length / (64 * 1024))
            .map(
                i ->
                    DefaultDataBufferFactory.sharedInstance.wrap(
                        Arrays.copyOfRange(audio, i * 64 * 1024, (i + 1) * 64 * 1024)));

    client
        .put()
        .uri(audioOf(callId))
        .contentType(OPUS)
        .body(BodyInserters.fromDataBuffers(body))
        .exchange()
        .expectStatus()
        .isCreated()
        .expectHeader()
        .valueEquals(UploadHeaders.UPLOAD_LENGTH, Integer.toString(audio.length));

    List<AudioChunk> chunks = chunksOf(callId);
    assertThat(chunks).extracting(AudioChunk::last).containsExactly(false, true);
    assertThat(reassemble(callId, chunks)).isEqualTo(audio);
  }

  @Test
  void shouldResumeRangedPutsFromTheOffsetTheServerStored() {
    String callId = ingest.createCall(workspace, call("Three ranges", "upload"));
    byte[] audio = audio(3 * CHUNK_BYTES + 300_000);
    int total = audio.length;

    // The client plans cuts at 700 000 and 1 400 000; the server stores whole chunks only and
    // says where to go on.
    putRange(callId, audio, 0, 700_000)
        .expectStatus()
        .isEqualTo(RESUME_INCOMPLETE)
        .expectHeader()
        .valueEquals(HttpHeaders.RANGE, "bytes=0-524287")
        .expectHeader()
        .valueEquals(UploadHeaders.UPLOAD_OFFSET, "524288");
    client
        .put()
        .uri(audioOf(callId))
        .header(HttpHeaders.CONTENT_RANGE, "bytes */" + total)
        .exchange()
        .expectStatus()
        .isEqualTo(RESUME_INCOMPLETE)
        .expectHeader()
        .valueEquals(HttpHeaders.RANGE, "bytes=0-524287");
    putRange(callId, audio, 524_288, 1_400_000)
        .expectStatus()
        .isEqualTo(RESUME_INCOMPLETE)
        .expectHeader()
        .valueEquals(UploadHeaders.UPLOAD_OFFSET, "1048576");
    putRange(callId, audio, 1_048_576, total)
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.complete")
        .isEqualTo(true);

    client
        .head()
        .uri(audioOf(callId))
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(UploadHeaders.UPLOAD_OFFSET, Integer.toString(total))
        .expectHeader()
        .valueEquals(UploadHeaders.UPLOAD_LENGTH, Integer.toString(total));
    List<AudioChunk> chunks = chunksOf(callId);
    assertThat(sha256(reassemble(callId, chunks))).isEqualTo(sha256(audio));
    assertThat(chunks).extracting(AudioChunk::contentType).containsOnly(OPUS.toString());
    expectProblem(putRange(callId, audio, 0, 10), HttpStatus.CONFLICT, "are stored already");
  }

  @Test
  void shouldCompleteAudioSentInRangesOfUnknownLengthWhenAskedWithItsLength() {
    String callId = ingest.createCall(workspace, call("Length unknown", "upload"));
    byte[] audio = audio(2 * CHUNK_BYTES);

    for (int start : new int[] {0, CHUNK_BYTES}) {
      client
          .put()
          .uri(audioOf(callId))
          .contentType(OPUS)
          .header(
              HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + (start + CHUNK_BYTES - 1) + "/*")
          .bodyValue(Arrays.copyOfRange(audio, start, start + CHUNK_BYTES))
          .exchange()
          .expectStatus()
          .isEqualTo(RESUME_INCOMPLETE)
          .expectHeader()
          .valueEquals(UploadHeaders.UPLOAD_OFFSET, Integer.toString(start + CHUNK_BYTES))
          .expectHeader()
          .doesNotExist(UploadHeaders.UPLOAD_LENGTH);
    }
    client
        .put()
        .uri(audioOf(callId))
        .header(HttpHeaders.CONTENT_RANGE, "bytes */" + audio.length)
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(UploadHeaders.UPLOAD_LENGTH, Integer.toString(audio.length))
        .expectBody()
        .jsonPath("$.complete")
        .isEqualTo(true);

    List<AudioChunk> chunks = chunksOf(callId);
    assertThat(chunks).extracting(AudioChunk::last).containsExactly(false, false, true);
    assertThat(chunks.get(2).offset()).isEqualTo(audio.length);
    assertThat(reassemble(callId, chunks)).isEqualTo(audio);
  }

  @Test
  void shouldAnswerPutAtAnotherOffsetWithConflictNamingTheStoredOffset() {
    String callId = ingest.createCall(workspace, call("Wrong offset", "upload"));
    byte[] audio = audio(3 * CHUNK_BYTES);
    putRange(callId, audio, 0, CHUNK_BYTES).expectStatus().isEqualTo(RESUME_INCOMPLETE);

    for (int start : new int[] {0, 2 * CHUNK_BYTES}) {
      expectProblem(
              putRange(callId, audio, start, start + CHUNK_BYTES),
              HttpStatus.CONFLICT,
              "this PUT starts at byte " + start + ", but bytes 0-524287")
          .jsonPath("$.expectedOffset")
          .isEqualTo(CHUNK_BYTES)
          .jsonPath("$.title")
          .isEqualTo("Wrong upload offset");
    }
    client
        .head()
        .uri(audioOf(callId))
        .exchange()
        .expectHeader()
        .valueEquals(UploadHeaders.UPLOAD_OFFSET, Integer.toString(CHUNK_BYTES));
  }

  @Test
  void shouldKeepWhatKafkaAcknowledgedWhenTheConnectionDropsAndResumeFromThere()
      throws IOException, InterruptedException {
    String callId = ingest.createCall(workspace, call("Dropped", "upload"));
    byte[] audio = audio(3 * CHUNK_BYTES + 50_000);
    int sent = 2 * CHUNK_BYTES + 100_000;

    try (Socket socket = new Socket(ingest.baseUrl().getHost(), ingest.baseUrl().getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("PUT "
                  + audioOf(callId)
                  + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                  + workspace.bearer()
                  + "\r\nContent-Type: audio/ogg\r\nContent-Length: "
                  + audio.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(audio, 0, sent);
      out.flush();
      awaitStoredOffset(callId, 2L * CHUNK_BYTES);

      expectProblem(
              putRange(callId, audio, 2 * CHUNK_BYTES, audio.length),
              HttpStatus.CONFLICT,
              "another PUT is writing")
          .jsonPath("$.title")
          .isEqualTo("Upload in progress");
      socket.setSoLinger(true, 0); // close with a reset, as a dropped connection does
    }

    long offset = storedOffset(callId);
    assertThat(offset).as("whole chunks before the break").isEqualTo(2L * CHUNK_BYTES);
    resume(callId, audio, (int) offset);

    List<AudioChunk> chunks = chunksOf(callId);
    assertThat(sha256(reassemble(callId, chunks))).isEqualTo(sha256(audio));
    assertThat(chunks).extracting(AudioChunk::contentType).containsOnly("audio/ogg");
  }

  @Test
  void shouldAnswerNotFoundForCallOfAnotherWorkspaceOrNoCall() {
    TestWorkspace other = ingest.newWorkspace(Role.OWNER);
    String othersCall = ingest.createCall(other, call("Not yours", "upload"));
    String path = other.calls() + "/" + othersCall + "/audio";

    client
        .put()
        .uri(path)
        .contentType(OPUS)
        .bodyValue(audio(1_000))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    client.head().uri(path).exchange().expectStatus().isNotFound();
    expectProblem(
        client
            .put()
            .uri(audioOf(IngestFixtures.unknownCallId()))
            .contentType(OPUS)
            .bodyValue(audio(1_000))
            .exchange(),
        HttpStatus.NOT_FOUND,
        "in this workspace");
  }

  @Test
  void shouldAnswerContentTooLargeForAudioOverTheLimitBeforeReadingIt() {
    String callId = ingest.createCall(workspace, call("Too long", "upload"));

    expectProblem(
            client
                .put()
                .uri(audioOf(callId))
                .contentType(OPUS)
                .header(HttpHeaders.CONTENT_RANGE, "bytes 0-3/8589934592")
                .bodyValue(audio(4))
                .exchange(),
            HttpStatus.CONTENT_TOO_LARGE,
            "the audio is 8589934592 bytes, more than the limit of 4294967296 bytes")
        .jsonPath("$.setting")
        .isEqualTo("callstream.ingest.limits.audio-bytes")
        .jsonPath("$.maximum")
        .isEqualTo(4_294_967_296L);
  }

  @Test
  void shouldRejectRangeItCannotReadAndContentThatIsNotAudio() {
    String callId = ingest.createCall(workspace, call("Bad headers", "upload"));

    expectProblem(
        client
            .put()
            .uri(audioOf(callId))
            .contentType(OPUS)
            .header(HttpHeaders.CONTENT_RANGE, "bytes=0-3")
            .bodyValue(audio(4))
            .exchange(),
        HttpStatus.BAD_REQUEST,
        "'bytes FIRST-LAST/TOTAL'");
    expectProblem(
        client
            .put()
            .uri(audioOf(callId))
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{}")
            .exchange(),
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        "is not audio");
  }

  private static WebTestClient.ResponseSpec putRange(
      String callId, byte[] audio, int from, int to) {
    return client
        .put()
        .uri(audioOf(callId))
        .contentType(OPUS)
        .header(HttpHeaders.CONTENT_RANGE, "bytes " + from + "-" + (to - 1) + "/" + audio.length)
        .bodyValue(Arrays.copyOfRange(audio, from, to))
        .exchange();
  }

  /** Sends the rest from {@code offset}, waiting while the server still holds the broken PUT. */
  private static void resume(String callId, byte[] audio, int offset) throws InterruptedException {
    long deadline = System.nanoTime() + RunningIngest.PATIENCE.toNanos();
    while (true) {
      EntityExchangeResult<byte[]> result =
          putRange(callId, audio, offset, audio.length).expectBody().returnResult();
      if (result.getStatus().value() == HttpStatus.CREATED.value()) {
        return;
      }
      assertThat(result.getStatus()).isEqualTo(HttpStatus.CONFLICT);
      assertThat(result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))
          .as("only 'in progress' is worth a retry: %s", new String(result.getResponseBody()))
          .isNotNull();
      if (System.nanoTime() - deadline > 0) {
        fail("the server still holds the broken upload after %s", RunningIngest.PATIENCE);
      }
      Thread.sleep(100);
    }
  }

  private static void awaitStoredOffset(String callId, long offset) throws InterruptedException {
    long deadline = System.nanoTime() + RunningIngest.PATIENCE.toNanos();
    while (storedOffset(callId) < offset) {
      if (System.nanoTime() - deadline > 0) {
        fail("offset %d not stored within %s", offset, RunningIngest.PATIENCE);
      }
      Thread.sleep(50);
    }
  }

  private static long storedOffset(String callId) {
    String offset =
        client
            .head()
            .uri(audioOf(callId))
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(Void.class)
            .getResponseHeaders()
            .getFirst(UploadHeaders.UPLOAD_OFFSET);
    return Long.parseLong(offset);
  }

  private static WebTestClient.BodyContentSpec expectProblem(
      WebTestClient.ResponseSpec response, HttpStatus status, String detailMentions) {
    return response
        .expectStatus()
        .isEqualTo(status)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(status.value())
        .jsonPath("$.detail")
        .value(String.class, detail -> assertThat(detail).contains(detailMentions));
  }

  private static List<AudioChunk> chunksOf(String callId) {
    return TopicRecords.rawOfCall(ingest.kafka(), Topic.AUDIO, callId).stream()
        .map(CODEC::decode)
        .map(AudioChunk.class::cast)
        .toList();
  }

  /**
   * The audio as a consumer rebuilds it: chunks deduplicated by event id (a chunk sent again after
   * a break must be the same bytes), then checked to form one gapless sequence on the 512 KiB grid
   * with the last flag on the last chunk only (which may be empty, when it only marks the end).
   */
  private static byte[] reassemble(String callId, List<AudioChunk> chunks) {
    FieldCipher cipher = ingest.readerCipher();
    Map<String, AudioChunk> byId = new LinkedHashMap<>();
    Map<String, byte[]> plaintext = new LinkedHashMap<>();
    for (AudioChunk chunk : chunks) {
      byte[] bytes =
          cipher.decrypt(workspace.workspaceId(), callId, Field.AUDIO, chunk.audio().bytes());
      byte[] earlier = plaintext.putIfAbsent(chunk.eventId(), bytes);
      if (earlier != null) {
        assertThat(bytes).as("chunk sent again at offset %d", chunk.offset()).isEqualTo(earlier);
      }
      byId.putIfAbsent(chunk.eventId(), chunk);
    }
    List<AudioChunk> distinct = List.copyOf(byId.values());
    assertThat(distinct)
        .extracting(AudioChunk::sequence)
        .containsExactlyElementsOf(LongStream.range(0, distinct.size()).boxed().toList());
    ByteArrayOutputStream audio = new ByteArrayOutputStream();
    for (int i = 0; i < distinct.size(); i++) {
      AudioChunk chunk = distinct.get(i);
      byte[] bytes = plaintext.get(chunk.eventId());
      boolean last = i == distinct.size() - 1;
      assertThat(chunk.offset()).isEqualTo(audio.size()).isEqualTo((long) i * CHUNK_BYTES);
      assertThat(bytes.length).isLessThanOrEqualTo(CHUNK_BYTES);
      if (!last) {
        assertThat(bytes).hasSize(CHUNK_BYTES);
      }
      assertThat(chunk.last()).as("last flag of chunk %d", i).isEqualTo(last);
      audio.writeBytes(bytes);
    }
    return audio.toByteArray();
  }

  private static String audioOf(String callId) {
    return workspace.calls() + "/" + callId + "/audio";
  }

  private static byte[] audio(int length) {
    byte[] audio = new byte[length];
    new Random(length).nextBytes(audio);
    return audio;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
