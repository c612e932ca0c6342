package io.callstream.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class RawPcmDecoderTest {

  @Test
  void shouldDecodeLittleEndianPcmAt16kMonoByDefault() throws Exception {
    short[] samples = {0, 1000, -1000, 32767, -32768, 12345};
    byte[] bytes = pcm(samples, ByteOrder.LITTLE_ENDIAN);

    float[][] decoded = Decoding.decode("audio/pcm", bytes, 3);

    assertThat(decoded).hasNumberOfRows(1);
    assertThat(decoded[0]).hasSize(samples.length);
    for (int i = 0; i < samples.length; i++) {
      assertThat(decoded[0][i]).isEqualTo(samples[i] / 32768f);
    }
  }

  @Test
  void shouldDecodeBigEndianL16WithItsRateAndChannels() throws Exception {
    float[] left = AudioFixtures.sine(300, 0.5, 8_000, 8_000);
    float[] right = AudioFixtures.sine(500, 0.25, 8_000, 8_000);
    short[] interleaved = new short[16_000];
    for (int i = 0; i < 8_000; i++) {
      interleaved[2 * i] = (short) Math.round(left[i] * 32767);
      interleaved[2 * i + 1] = (short) Math.round(right[i] * 32767);
    }

    float[][] l16 =
        Decoding.decode(
            "audio/L16;rate=8000;channels=2", pcm(interleaved, ByteOrder.BIG_ENDIAN), 1001);
    float[][] pcm =
        Decoding.decode(
            "audio/pcm; rate=8000; channels=2", pcm(interleaved, ByteOrder.LITTLE_ENDIAN), 777);

    assertThat(l16).hasNumberOfRows(2);
    assertThat(Decoding.durationMs(l16[0])).isCloseTo(1_000, within(1.0));
    assertThat(l16[0]).isEqualTo(pcm[0]);
    assertThat(l16[1]).isEqualTo(pcm[1]);
    double rmsLeft = rms(l16[0]);
    double rmsRight = rms(l16[1]);
    assertThat(rmsLeft).isCloseTo(0.5 / Math.sqrt(2), within(0.01));
    assertThat(rmsRight).isCloseTo(0.25 / Math.sqrt(2), within(0.01));
  }

  @Test
  void shouldRequireTheRateOfL16AndSensibleParameters() {
    assertThatThrownBy(() -> StreamDecoder.forContentType("audio/L16"))
        .isInstanceOf(AudioFormatException.class)
        .hasMessage("the content type audio/l16 lacks the rate parameter that audio/L16 requires");
    assertThatThrownBy(() -> StreamDecoder.forContentType("audio/pcm;rate=fast"))
        .isInstanceOf(AudioFormatException.class)
        .hasMessage("the content type audio/pcm;rate=fast has rate=fast, not a positive number");
    assertThatThrownBy(() -> StreamDecoder.forContentType("audio/pcm;channels=1000"))
        .isInstanceOf(AudioFormatException.class)
        .hasMessageContaining("beyond any recording");
  }

  private static byte[] pcm(short[] samples, ByteOrder order) {
    ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(order);
    for (short s : samples) {
      b.putShort(s);
    }
    return b.array();
  }

  private static double rms(float[] s) {
    double sum = 0;
    for (int i = 1000; i < s.length - 1000; i++) { // away from the resampler's edges
      sum += s[i] * s[i];
    }
    return Math.sqrt(sum / (s.length - 2000));
  }
}
