package io.callstream.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.callstream.audio.AudioFixtures.Call;
import io.callstream.audio.AudioFixtures.Span;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every format calls are recorded in, encoded at test time from espeak-ng speech with the FFmpeg
 * the decoder runs, decodes through {@link StreamDecoder} pushed in odd pieces to 16 kHz audio as
 * long as the source, with speech where the source has it.
 */
class StreamDecoderFormatsTest {

  private static final int[] PIECES = {7 * 1024, 1, 300 * 1024};
  private static final double DURATION_TOLERANCE_MS = 100;
  private static final double SPEECH_TOLERANCE_MS = 250;
  private static final int MIN_PAUSE_MS = 400;

  private static Call call;
  private static List<Span> sourceSpeech;

  @BeforeAll
  static void speakTheCall() throws Exception {
    call = AudioFixtures.call(AudioFixtures.SENTENCES.subList(0, 3), 700, 500);
    float[][] source = Decoding.decode("audio/wav", call.wav(), 1 << 20);
    sourceSpeech = Decoding.speech(source[0], MIN_PAUSE_MS);
    assertThat(sourceSpeech).as("the source's own speech regions").hasSize(3);
  }

  static Stream<Arguments> formats() {
    return Stream.of(
        Arguments.of("audio/mpeg", "mp3", new String[] {"-c:a", "libmp3lame", "-b:a", "64k"}),
        Arguments.of("audio/mp4", "m4a", new String[] {"-c:a", "aac", "-b:a", "64k"}),
        Arguments.of(
            "audio/x-m4a",
            "m4a",
            new String[] {"-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart"}),
        Arguments.of("audio/aac", "aac", new String[] {"-c:a", "aac", "-b:a", "64k"}),
        Arguments.of(
            "audio/ogg; codecs=opus",
            "ogg",
            new String[] {"-c:a", "libopus", "-b:a", "32k", "-ar", "48000"}),
        Arguments.of("audio/ogg", "ogg", new String[] {"-c:a", "libvorbis", "-q:a", "3"}),
        Arguments.of(
            "audio/webm;codecs=opus",
            "webm",
            new String[] {"-c:a", "libopus", "-b:a", "32k", "-ar", "48000"}),
        Arguments.of("audio/flac", "flac", new String[] {"-c:a", "flac"}),
        Arguments.of("application/octet-stream", "m4a", new String[] {"-c:a", "aac"}),
        Arguments.of("audio/wav", "wav", new String[] {"-c:a", "pcm_s24le", "-ar", "44100"}),
        Arguments.of("audio/wav", "wav", new String[] {"-c:a", "pcm_mulaw", "-ar", "8000"}));
  }

  @ParameterizedTest(name = "{0} ({1} {2})")
  @MethodSource("formats")
  void shouldDecodeEveryFormatPushedInOddPiecesToTheSourcesTimeline(
      String contentType, String extension, String[] encoding) throws Exception {
    byte[] encoded = AudioFixtures.ffmpeg(call.wav(), "wav", extension, encoding);

    float[][] decoded = Decoding.decode(contentType, encoded, PIECES);

    assertThat(decoded).as("channels").hasNumberOfRows(1);
    assertThat(Decoding.durationMs(decoded[0]))
        .as("duration")
        .isCloseTo(call.durationMs(), within(DURATION_TOLERANCE_MS));
    List<Span> speech = Decoding.speech(decoded[0], MIN_PAUSE_MS);
    assertThat(speech).as("speech regions %s", speech).hasSameSizeAs(sourceSpeech);
    for (int i = 0; i < speech.size(); i++) {
      assertThat(speech.get(i).startMs())
          .isCloseTo(sourceSpeech.get(i).startMs(), within(SPEECH_TOLERANCE_MS));
      assertThat(speech.get(i).endMs())
          .isCloseTo(sourceSpeech.get(i).endMs(), within(SPEECH_TOLERANCE_MS));
    }
  }

  @Test
  void shouldHaveTheIndexAtTheEndOfAnM4aWithoutFaststart() {
    byte[] m4a = AudioFixtures.ffmpeg(call.wav(), "wav", "m4a", "-c:a", "aac");

    String boxes = new String(m4a, StandardCharsets.ISO_8859_1);

    assertThat(boxes.indexOf("moov")).isGreaterThan(boxes.indexOf("mdat"));
  }

  @Test
  void shouldStreamAFaststartM4aButWaitForTheEndOfOneWithItsIndexLast() throws Exception {
    byte[] indexFirst =
        AudioFixtures.ffmpeg(call.wav(), "wav", "m4a", "-c:a", "aac", "-movflags", "+faststart");
    byte[] indexLast = AudioFixtures.ffmpeg(call.wav(), "wav", "m4a", "-c:a", "aac");

    try (StreamDecoder streaming = pushAll("audio/mp4", indexFirst)) {
      long samples = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // hang guard only
      while (samples == 0 && System.nanoTime() < deadline) {
        for (float[][] block : streaming.poll()) {
          samples += block[0].length;
        }
        Thread.sleep(10);
      }
      assertThat(samples).as("audio before the end of a faststart file").isPositive();
    }
    try (StreamDecoder waiting = pushAll("audio/mp4", indexLast)) {
      FfmpegDecoder ffmpeg = (FfmpegDecoder) ((SniffingDecoder) waiting).delegate();
      assertThat(ffmpeg.processHandle()).as("no FFmpeg before the index arrived").isNull();
      assertThat(Decoding.join(waiting.finish())).hasNumberOfRows(1);
    }
  }

  private static StreamDecoder pushAll(String type, byte[] bytes) throws AudioFormatException {
    StreamDecoder decoder = StreamDecoder.forContentType(type);
    for (int pos = 0; pos < bytes.length; pos += 4096) {
      decoder.push(Arrays.copyOfRange(bytes, pos, Math.min(bytes.length, pos + 4096)));
    }
    return decoder;
  }

  @Test
  void shouldKeepStereoChannelsApartThroughFfmpeg() throws Exception {
    float[] left = AudioFixtures.speak(AudioFixtures.SENTENCES.get(0)).samples();
    float[] right = new float[left.length];
    byte[] wav = AudioFixtures.wav(new float[][] {left, right}, 22_050, 16);
    byte[] ogg = AudioFixtures.ffmpeg(wav, "wav", "ogg", "-c:a", "libopus", "-ar", "48000");

    float[][] decoded = Decoding.decode("audio/ogg", ogg, PIECES);

    assertThat(decoded).hasNumberOfRows(2);
    assertThat(Decoding.speech(decoded[0], MIN_PAUSE_MS)).hasSize(1);
    assertThat(Decoding.speech(decoded[1], MIN_PAUSE_MS)).isEmpty();
  }
}
