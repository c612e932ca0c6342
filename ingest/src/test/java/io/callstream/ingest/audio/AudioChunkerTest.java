package io.callstream.ingest.audio;

import static io.callstream.ingest.audio.AudioChunker.CHUNK_BYTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

class AudioChunkerTest {

  private static final long NO_LIMIT = Long.MAX_VALUE;
  private static final int PIECE = 8 * 1024;

  private final NettyDataBufferFactory buffers =
      new NettyDataBufferFactory(new UnpooledByteBufAllocator(false));
  private final List<NettyDataBuffer> given = new ArrayList<>();

  @Test
  void shouldCutAudioOfKnownLengthIntoFullChunksAndAShortLastOne() {
    byte[] audio = audio(2 * CHUNK_BYTES + CHUNK_BYTES / 2);
    AudioChunker chunker =
        new AudioChunker(UploadPart.whole(audio.length), ChunkGrid.ENCODED, null, NO_LIMIT);

    List<PlainChunk> chunks = feed(chunker, audio, PIECE);
    chunks.addAll(chunker.finish());

    assertThat(chunks).extracting(PlainChunk::offset).containsExactly(0L, 524_288L, 1_048_576L);
    assertThat(chunks)
        .extracting(chunk -> chunk.bytes().length)
        .containsExactly(CHUNK_BYTES, CHUNK_BYTES, CHUNK_BYTES / 2);
    assertThat(chunks).extracting(PlainChunk::last).containsExactly(false, false, true);
    assertThat(chunks).extracting(PlainChunk::sequence).containsExactly(0L, 1L, 2L);
    assertThat(chunks).extracting(PlainChunk::total).containsOnly((long) audio.length);
    assertThat(concat(chunks)).isEqualTo(audio);
  }

  @Test
  void shouldPassOnEachChunkAsSoonAsItsLastByteArrivesWhenTheLengthIsKnown() {
    byte[] audio = audio(2 * CHUNK_BYTES);
    AudioChunker chunker =
        new AudioChunker(UploadPart.whole(audio.length), ChunkGrid.ENCODED, null, NO_LIMIT);

    assertThat(chunker.accept(buffer(audio, 0, CHUNK_BYTES - 1))).isEmpty();
    assertThat(chunker.accept(buffer(audio, CHUNK_BYTES - 1, 1)))
        .singleElement()
        .extracting(PlainChunk::last)
        .isEqualTo(false);
    assertThat(chunker.accept(buffer(audio, CHUNK_BYTES, CHUNK_BYTES)))
        .singleElement()
        .extracting(PlainChunk::last)
        .isEqualTo(true);
    assertThat(chunker.finish()).isEmpty();
  }

  @Test
  void shouldHoldFullChunkOfAudioOfUnknownLengthUntilItIsKnownWhetherItIsTheLast() {
    byte[] audio = audio(2 * CHUNK_BYTES);
    AudioChunker chunker =
        new AudioChunker(UploadPart.whole(-1), ChunkGrid.ENCODED, null, NO_LIMIT);

    assertThat(chunker.accept(buffer(audio, 0, CHUNK_BYTES))).isEmpty();
    List<PlainChunk> first = chunker.accept(buffer(audio, CHUNK_BYTES, 1));
    List<PlainChunk> none = chunker.accept(buffer(audio, CHUNK_BYTES + 1, CHUNK_BYTES - 1));
    List<PlainChunk> last = chunker.finish();

    assertThat(first).singleElement().satisfies(chunk -> assertThat(chunk.last()).isFalse());
    assertThat(none).isEmpty();
    assertThat(last)
        .singleElement()
        .satisfies(
            chunk -> {
              assertThat(chunk.offset()).isEqualTo(CHUNK_BYTES);
              assertThat(chunk.bytes()).hasSize(CHUNK_BYTES);
              assertThat(chunk.last()).isTrue();
              assertThat(chunk.total()).isEqualTo(2L * CHUNK_BYTES);
            });
  }

  @Test
  void shouldNotStoreTailOfARangeThatDoesNotFillAChunk() {
    byte[] audio = audio(CHUNK_BYTES + 100);
    UploadPart part = UploadPart.of(ContentRange.parse("bytes 0-524387/5000000"), -1);
    AudioChunker chunker = new AudioChunker(part, ChunkGrid.ENCODED, null, NO_LIMIT);

    List<PlainChunk> chunks = feed(chunker, audio, PIECE);
    chunks.addAll(chunker.finish());

    assertThat(chunks)
        .singleElement()
        .satisfies(
            chunk -> {
              assertThat(chunk.offset()).isZero();
              assertThat(chunk.bytes()).isEqualTo(Arrays.copyOf(audio, CHUNK_BYTES));
              assertThat(chunk.last()).isFalse();
              assertThat(chunk.total()).isEqualTo(5_000_000L);
            });
  }

  @Test
  void shouldStoreEveryFullChunkOfARangeOfAudioOfUnknownLengthButNoneAsTheLast() {
    byte[] audio = audio(2 * CHUNK_BYTES + 10);
    UploadPart part = UploadPart.of(ContentRange.parse("bytes 0-1048585/*"), audio.length);
    AudioChunker chunker = new AudioChunker(part, ChunkGrid.ENCODED, null, NO_LIMIT);

    List<PlainChunk> chunks = feed(chunker, audio, PIECE);
    chunks.addAll(chunker.finish());

    assertThat(chunks).extracting(PlainChunk::offset).containsExactly(0L, 524_288L);
    assertThat(chunks).extracting(PlainChunk::last).containsExactly(false, false);
    assertThat(chunks).extracting(PlainChunk::total).containsOnlyNulls();
  }

  @Test
  void shouldEndAudioWithTheRangeThatReachesItsLength() {
    byte[] tail = audio(10);
    UploadPart part = UploadPart.of(ContentRange.parse("bytes 524288-524297/524298"), 10);
    AudioChunker chunker = new AudioChunker(part, ChunkGrid.ENCODED, null, NO_LIMIT);

    List<PlainChunk> chunks = chunker.accept(buffer(tail, 0, tail.length));

    assertThat(chunks)
        .singleElement()
        .satisfies(
            chunk -> {
              assertThat(chunk.offset()).isEqualTo(CHUNK_BYTES);
              assertThat(chunk.sequence()).isOne();
              assertThat(chunk.bytes()).isEqualTo(tail);
              assertThat(chunk.last()).isTrue();
            });
    assertThat(chunker.finish()).isEmpty();
  }

  @Test
  void shouldUseTheLengthAnEarlierPutDeclaredForARangeWithoutOne() {
    byte[] tail = audio(10);
    UploadPart part = UploadPart.of(ContentRange.parse("bytes 524288-524297/*"), 10);
    AudioChunker chunker = new AudioChunker(part, ChunkGrid.ENCODED, 524_298L, NO_LIMIT);

    assertThat(chunker.accept(buffer(tail, 0, tail.length)))
        .singleElement()
        .extracting(PlainChunk::last)
        .isEqualTo(true);
  }

  @Test
  void shouldCutOneBufferLargerThanAChunkIntoSeveral() {
    byte[] audio = audio(2 * CHUNK_BYTES + 7);
    AudioChunker chunker =
        new AudioChunker(UploadPart.whole(audio.length), ChunkGrid.ENCODED, null, NO_LIMIT);

    List<PlainChunk> chunks = chunker.accept(buffer(audio, 0, audio.length));

    assertThat(chunks).extracting(PlainChunk::offset).containsExactly(0L, 524_288L, 1_048_576L);
    assertThat(concat(chunks)).isEqualTo(audio);
  }

  @Test
  void shouldRejectBodyLongerThanDeclared() {
    AudioChunker chunker =
        new AudioChunker(UploadPart.whole(10), ChunkGrid.ENCODED, null, NO_LIMIT);

    assertThatThrownBy(() -> chunker.accept(buffer(audio(11), 0, 11)))
        .isInstanceOfSatisfying(
            AudioBodyException.class,
            e -> assertThat(e.kind()).isEqualTo(AudioBodyException.Kind.LONGER_THAN_DECLARED))
        .hasMessageContaining("more than the 10 bytes");
  }

  @Test
  void shouldRejectBodyThatEndsBeforeTheDeclaredEnd() {
    AudioChunker chunker =
        new AudioChunker(UploadPart.whole(10), ChunkGrid.ENCODED, null, NO_LIMIT);
    chunker.accept(buffer(audio(9), 0, 9));

    assertThatThrownBy(chunker::finish)
        .isInstanceOfSatisfying(
            AudioBodyException.class,
            e -> assertThat(e.kind()).isEqualTo(AudioBodyException.Kind.SHORTER_THAN_DECLARED))
        .hasMessage(
            "the body ended after 9 bytes, but its Content-Range or Content-Length announced 10");
  }

  @Test
  void shouldRejectWholeUploadWithoutBytes() {
    AudioChunker chunker =
        new AudioChunker(UploadPart.whole(-1), ChunkGrid.ENCODED, null, NO_LIMIT);

    assertThatThrownBy(chunker::finish)
        .isInstanceOfSatisfying(
            AudioBodyException.class,
            e -> assertThat(e.kind()).isEqualTo(AudioBodyException.Kind.EMPTY));
  }

  @Test
  void shouldRejectAudioOfUnknownLengthOnceItOutgrowsTheLimit() {
    AudioChunker chunker = new AudioChunker(UploadPart.whole(-1), ChunkGrid.ENCODED, null, 100);
    chunker.accept(buffer(audio(100), 0, 100));

    assertThatThrownBy(() -> chunker.accept(buffer(audio(1), 0, 1)))
        .isInstanceOfSatisfying(
            AudioBodyException.class,
            e -> assertThat(e.kind()).isEqualTo(AudioBodyException.Kind.TOO_LARGE))
        .hasMessageContaining("limit of 100 bytes");
  }

  @Test
  void shouldReleaseEveryBufferItIsGivenAlsoWhenItRejectsOne() {
    byte[] audio = audio(CHUNK_BYTES + 1_000);
    AudioChunker chunker =
        new AudioChunker(UploadPart.whole(CHUNK_BYTES + 10), ChunkGrid.ENCODED, null, NO_LIMIT);

    chunker.accept(buffer(audio, 0, CHUNK_BYTES));
    assertThatThrownBy(() -> chunker.accept(buffer(audio, CHUNK_BYTES, 1_000)))
        .isInstanceOf(AudioBodyException.class);

    assertThat(given).hasSize(2).allSatisfy(b -> assertThat(b.getNativeBuffer().refCnt()).isZero());
  }

  @Test
  void shouldCutPcmIntoChunksOfOneSecondAndEndALiveFeedWithTheBytesHeld() {
    // 16 kHz mono: 32 000 bytes a second
    ChunkGrid grid = ChunkGrid.of("audio/pcm;rate=16000;channels=1");
    byte[] audio = audio(70_001);
    AudioChunker chunker = new AudioChunker(UploadPart.live(0), grid, null, NO_LIMIT);

    List<PlainChunk> chunks = new ArrayList<>(feed(chunker, audio, 333));
    chunks.add(chunker.endHere());

    assertThat(chunks).extracting(PlainChunk::sequence).containsExactly(0L, 1L, 2L);
    assertThat(chunks).extracting(PlainChunk::offset).containsExactly(0L, 32_000L, 64_000L);
    assertThat(chunks).extracting(PlainChunk::last).containsExactly(false, false, true);
    assertThat(chunks.get(2).total()).isEqualTo(70_001L);
    assertThat(concat(chunks)).isEqualTo(audio);
  }

  @Test
  void shouldEndALiveFeedWithoutBytesHeldWithAnEmptyLastChunkOnTheGrid() {
    ChunkGrid grid = ChunkGrid.of("audio/pcm;rate=8000;channels=2");
    AudioChunker chunker = new AudioChunker(UploadPart.live(64_000), grid, null, NO_LIMIT);

    PlainChunk end = chunker.endHere();

    assertThat(end.sequence()).isEqualTo(2);
    assertThat(end.offset()).isEqualTo(64_000);
    assertThat(end.bytes()).isEmpty();
    assertThat(end.last()).isTrue();
  }

  @Test
  void shouldCountTheStoredBytesOfALiveFeedAgainstTheLimit() {
    ChunkGrid grid = ChunkGrid.of("audio/pcm;rate=8000;channels=1");
    AudioChunker chunker = new AudioChunker(UploadPart.live(32_000), grid, null, 40_000);

    assertThat(chunker.accept(buffer(audio(8_000), 0, 8_000))).isEmpty();
    assertThatThrownBy(() -> chunker.accept(buffer(audio(1), 0, 1)))
        .isInstanceOfSatisfying(
            AudioBodyException.class,
            tooLarge -> assertThat(tooLarge.kind()).isEqualTo(AudioBodyException.Kind.TOO_LARGE));
  }

  @Test
  void shouldRefuseToStartOffTheChunkGrid() {
    UploadPart part = UploadPart.of(ContentRange.parse("bytes 1000-1999/*"), -1);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> new AudioChunker(part, ChunkGrid.ENCODED, null, NO_LIMIT))
        .withMessageContaining("chunk boundary");
  }

  private List<PlainChunk> feed(AudioChunker chunker, byte[] audio, int piece) {
    List<PlainChunk> chunks = new ArrayList<>();
    for (int from = 0; from < audio.length; from += piece) {
      chunks.addAll(chunker.accept(buffer(audio, from, Math.min(piece, audio.length - from))));
    }
    assertThat(given).allSatisfy(b -> assertThat(b.getNativeBuffer().refCnt()).isZero());
    return chunks;
  }

  private NettyDataBuffer buffer(byte[] audio, int from, int length) {
    NettyDataBuffer buffer = buffers.allocateBuffer(length);
    buffer.write(audio, from, length);
    given.add(buffer);
    return buffer;
  }

  private static byte[] audio(int length) {
    byte[] audio = new byte[length];
    new Random(length).nextBytes(audio);
    return audio;
  }

  private static byte[] concat(List<PlainChunk> chunks) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    chunks.forEach(chunk -> bytes.writeBytes(chunk.bytes()));
    return bytes.toByteArray();
  }
}
