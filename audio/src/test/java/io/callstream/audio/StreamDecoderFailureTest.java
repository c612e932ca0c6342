package io.callstream.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Input that cannot be decoded fails with a message for a user, and leaves no process behind. */
class StreamDecoderFailureTest {

  @Test
  void shouldRejectRandomBytesDeclaredAsMp3AndEndFfmpeg() throws Exception {
    byte[] junk = new byte[64 * 1024];
    new Random(7).nextBytes(junk);

    Failure failure = decodeExpectingFailure("audio/mpeg", junk);

    assertThat(failure.exception())
        .hasMessageStartingWith("the audio could not be decoded: ")
        .hasMessageNotContaining("pipe:")
        .hasMessageNotContaining("0x");
    assertGone(failure.process());
  }

  @Test
  void shouldRejectAnM4aCutInsideItsHeader() throws Exception {
    byte[] m4a = AudioFixtures.ffmpeg(speech(), "wav", "m4a", "-c:a", "aac");
    byte[] cut = Arrays.copyOf(m4a, 100);

    Failure failure = decodeExpectingFailure("audio/mp4", cut);

    assertThat(failure.exception())
        .hasMessageStartingWith("the audio could not be decoded: ")
        .hasMessageNotContaining("callstream-audio"); // not the spool file's name
    assertGone(failure.process());
  }

  @ParameterizedTest
  @ValueSource(strings = {"webm", "mp4"})
  void shouldRejectAVideoWithoutSound(String container) throws Exception {
    byte[] video =
        AudioFixtures.ffmpegGenerate(
            container,
            "-f",
            "lavfi",
            "-i",
            "testsrc=duration=1:size=64x64:rate=10",
            "-c:v",
            container.equals("webm") ? "libvpx" : "libx264");

    Failure failure = decodeExpectingFailure("video/" + container, video);

    assertThat(failure.exception())
        .hasMessage("the audio could not be decoded: the file holds no audio stream");
    assertGone(failure.process());
  }

  @Test
  void shouldRefuseAPlaylistThatPointsElsewhere() throws Exception {
    byte[] playlist =
        "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/hostname\n#EXT-X-ENDLIST\n"
            .getBytes(StandardCharsets.US_ASCII);

    Failure failure = decodeExpectingFailure("audio/mpeg", playlist);

    assertThat(failure.exception())
        .hasMessage(
            "the audio could not be decoded: it is not in an audio format the decoder accepts");
  }

  @Test
  void shouldRejectAnEmptyStream() {
    assertThatThrownBy(() -> Decoding.decode("audio/ogg", new byte[0], 1))
        .isInstanceOf(AudioFormatException.class)
        .hasMessage("the audio stream is empty");
    assertThatThrownBy(() -> Decoding.decode("audio/pcm", new byte[0], 1))
        .isInstanceOf(AudioFormatException.class)
        .hasMessage("the audio stream is empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain", "image/png", "application/json", "multipart/form-data"})
  void shouldRejectATypeThatIsNotAudio(String type) {
    assertThatThrownBy(() -> StreamDecoder.forContentType(type))
        .isInstanceOf(AudioFormatException.class)
        .hasMessageStartingWith("audio of type " + type + " cannot be decoded");
  }

  @Test
  void shouldRejectSomethingThatIsNotAMediaType() {
    assertThatThrownBy(() -> StreamDecoder.forContentType("mp3"))
        .isInstanceOf(AudioFormatException.class)
        .hasMessage("\"mp3\" is not a media type like audio/mpeg");
  }

  @Test
  void shouldKillFfmpegWhenClosedMidStream() throws Exception {
    byte[] mp3 = AudioFixtures.ffmpeg(speech(), "wav", "mp3", "-c:a", "libmp3lame");
    StreamDecoder decoder = StreamDecoder.forContentType("audio/mpeg");
    ProcessHandle process;
    try {
      decoder.push(Arrays.copyOf(mp3, mp3.length / 2));
      process = ffmpegOf(decoder);
      assertThat(process).isNotNull();
      assertThat(process.isAlive()).as("ffmpeg runs while the call goes on").isTrue();
    } finally {
      decoder.close();
    }

    assertGone(process);
    assertThatThrownBy(() -> decoder.push(new byte[1])).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldDecodeWhatItGotSoFarWhilePolling() throws Exception {
    byte[] mp3 = AudioFixtures.ffmpeg(speech(), "wav", "mp3", "-c:a", "libmp3lame");
    try (StreamDecoder decoder = StreamDecoder.forContentType("audio/mpeg")) {
      long samples = 0;
      for (float[][] block : decoder.push(mp3)) {
        samples += block[0].length;
      }
      // FFmpeg answers from another process: poll until it has decoded what it has (hang guard)
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (samples == 0 && System.nanoTime() < deadline) {
        for (float[][] block : decoder.poll()) {
          samples += block[0].length;
        }
        Thread.sleep(10);
      }

      assertThat(samples).as("audio before the end of the stream").isPositive();
    }
  }

  private record Failure(AudioFormatException exception, @Nullable ProcessHandle process) {}

  /** Pushes in pieces and finishes, expecting an AudioFormatException on the way. */
  private static Failure decodeExpectingFailure(String type, byte[] bytes) throws Exception {
    StreamDecoder decoder = StreamDecoder.forContentType(type);
    ProcessHandle process = null;
    AudioFormatException failure;
    try {
      failure =
          catchThrowableOfType(
              AudioFormatException.class,
              () -> {
                for (int pos = 0; pos < bytes.length; pos += 4096) {
                  decoder.push(Arrays.copyOfRange(bytes, pos, Math.min(bytes.length, pos + 4096)));
                }
                decoder.finish();
              });
      process = ffmpegOf(decoder);
    } finally {
      decoder.close();
    }
    assertThat(failure).as("an AudioFormatException").isNotNull();
    return new Failure(failure, process);
  }

  private static @Nullable ProcessHandle ffmpegOf(StreamDecoder decoder) {
    StreamDecoder chosen = ((SniffingDecoder) decoder).delegate();
    return chosen instanceof FfmpegDecoder ffmpeg ? ffmpeg.processHandle() : null;
  }

  private static void assertGone(@Nullable ProcessHandle process) throws Exception {
    assertThat(process).as("an FFmpeg process was started").isNotNull();
    process.onExit().get(30, TimeUnit.SECONDS); // hang guard only
    assertThat(process.isAlive()).isFalse();
    assertThat(ProcessHandle.current().descendants().filter(p -> p.pid() == process.pid()))
        .isEmpty();
  }

  private static byte[] speech() {
    return AudioFixtures.call(AudioFixtures.SENTENCES.subList(0, 1), 500, 300).wav();
  }
}
