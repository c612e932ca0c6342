package io.callstream.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WavDecoderTest {

  @ParameterizedTest
  @ValueSource(ints = {8, 16, 24})
  void shouldDecodeStereoIntoSeparateChannels(int bits) throws Exception {
    float[] left = AudioFixtures.sine(440, 0.5, 44_100, 10_000);
    float[] right = new float[10_000];
    byte[] wav = AudioFixtures.wav(new float[][] {left, right}, 44_100, bits);

    try (WavDecoder decoder = WavDecoder.open(new ByteArrayInputStream(wav))) {
      assertThat(decoder.sampleRate()).isEqualTo(44_100);
      assertThat(decoder.channels()).isEqualTo(2);
      float tolerance = 2f / (1 << (bits - 1));
      int frame = 0;
      float[][] block;
      while ((block = decoder.read()) != null) {
        assertThat(block).hasNumberOfRows(2);
        assertThat(block[0].length).isLessThanOrEqualTo(WavDecoder.BLOCK_FRAMES);
        for (int i = 0; i < block[0].length; i++, frame++) {
          assertThat(block[0][i]).isCloseTo(left[frame], within(tolerance));
          assertThat(block[1][i]).isCloseTo(0f, within(tolerance));
        }
      }
      assertThat(frame).isEqualTo(10_000);
      assertThat(decoder.framesRead()).isEqualTo(10_000);
    }
  }

  @Test
  void shouldRejectCorruptBytes() {
    byte[] junk = new byte[4096];
    new Random(7).nextBytes(junk);

    assertThatThrownBy(() -> WavDecoder.open(new ByteArrayInputStream(junk)))
        .isInstanceOf(AudioFormatException.class)
        .hasMessageContaining("not a readable WAV/PCM stream");
  }

  @Test
  void shouldRejectAStreamThatEndsInsideItsHeader() {
    byte[] wav = AudioFixtures.wav(new float[][] {new float[100]}, 16_000, 16);
    byte[] cut = java.util.Arrays.copyOf(wav, 20);

    assertThatThrownBy(() -> WavDecoder.open(new ByteArrayInputStream(cut)))
        .isInstanceOf(AudioFormatException.class)
        .hasMessageMatching(
            "(not a readable WAV/PCM stream|audio stream ends inside its header).*");
  }

  @Test
  void shouldRejectAnUnsupportedEncodingByName() {
    byte[] muLaw = waveHeader(7, 1, 8000, 8, 800); // WAVE_FORMAT_MULAW

    assertThatThrownBy(() -> WavDecoder.open(new ByteArrayInputStream(muLaw)))
        .isInstanceOf(AudioFormatException.class)
        .hasMessageContaining("unsupported audio encoding ULAW")
        .hasMessageContaining("only integer PCM");
  }

  private static byte[] waveHeader(int formatTag, int channels, int rate, int bits, int dataBytes) {
    ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes);
    b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
    b.putShort((short) formatTag).putShort((short) channels).putInt(rate);
    b.putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8));
    b.putShort((short) bits);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
    return b.array();
  }
}
