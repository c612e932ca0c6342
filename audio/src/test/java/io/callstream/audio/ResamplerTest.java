package io.callstream.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResamplerTest {

  @ParameterizedTest
  @ValueSource(ints = {8_000, 11_025, 22_050, 44_100, 48_000})
  void shouldKeepAPassbandToneInPhaseAndAmplitude(int inRate) {
    float[] in = AudioFixtures.sine(1000, 0.5, inRate, inRate); // 1 s
    float[] out = resampleInBlocks(Resampler.to16k(inRate), in, 1013);

    assertThat(out.length).isCloseTo(16_000, within(1));
    float[] expected = AudioFixtures.sine(1000, 0.5, 16_000, out.length);
    for (int i = 1000; i < out.length - 1000; i++) { // away from the edges of the stream
      assertThat(out[i]).as("sample %d", i).isCloseTo(expected[i], within(0.01f));
    }
  }

  @Test
  void shouldSuppressToneAboveTheNewNyquistWhenDownsampling() {
    float[] in = AudioFixtures.sine(10_000, 0.5, 48_000, 48_000);
    float[] out = resampleInBlocks(Resampler.to16k(48_000), in, 4096);

    assertThat(rms(out, 1000, out.length - 1000)).isLessThan(0.01 * rms(in, 0, in.length));
  }

  @Test
  void shouldGiveTheSameOutputWhateverTheBlockSize() {
    float[] in = AudioFixtures.sine(700, 0.3, 44_100, 30_000);
    float[] whole = resampleInBlocks(Resampler.to16k(44_100), in, in.length);
    float[] pieces = resampleInBlocks(Resampler.to16k(44_100), in, 37);

    assertThat(pieces).containsExactly(whole);
  }

  @Test
  void shouldRejectANonPositiveRate() {
    assertThatThrownBy(() -> Resampler.of(0, 16_000)).hasMessage("inRate must be positive: 0");
  }

  static float[] resampleInBlocks(Resampler r, float[] in, int block) {
    List<float[]> parts = new ArrayList<>();
    for (int pos = 0; pos < in.length; pos += block) {
      float[] piece = new float[Math.min(block, in.length - pos)];
      System.arraycopy(in, pos, piece, 0, piece.length);
      parts.add(r.process(piece));
    }
    parts.add(r.flush());
    return AudioFixtures.concat(parts);
  }

  private static double rms(float[] s, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += s[i] * s[i];
    }
    return Math.sqrt(sum / (to - from));
  }
}
