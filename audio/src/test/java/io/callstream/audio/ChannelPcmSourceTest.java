package io.callstream.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.callstream.audio.AudioFixtures.Mono;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelPcmSourceTest {

  @Test
  void shouldGiveEachStereoChannelItsOwnChunksAtItsOwnTimes() throws Exception {
    Mono agent = AudioFixtures.speak(AudioFixtures.SENTENCES.get(0));
    Mono customer = AudioFixtures.speak(AudioFixtures.SENTENCES.get(1));
    int rate = agent.sampleRate();
    int gap = rate; // 1 s of silence between the turns
    int total = agent.samples().length + gap + customer.samples().length + gap;
    float[] left = new float[total];
    float[] right = new float[total];
    System.arraycopy(agent.samples(), 0, left, gap / 2, agent.samples().length);
    int customerStart = gap / 2 + agent.samples().length + gap;
    System.arraycopy(customer.samples(), 0, right, customerStart, customer.samples().length);
    byte[] wav = AudioFixtures.wav(new float[][] {left, right}, rate, 16);

    List<List<AudioChunk>> perChannel = List.of(new ArrayList<>(), new ArrayList<>());
    try (ChannelPcmSource source = ChannelPcmSource.open(new ByteArrayInputStream(wav), 0)) {
      assertThat(source.channels()).isEqualTo(2);
      SilenceChunker[] chunkers = {
        SilenceChunker.of(perChannel.get(0)::add), SilenceChunker.of(perChannel.get(1)::add)
      };
      Pcm[] blocks;
      while ((blocks = source.read()) != null) {
        chunkers[0].accept(blocks[0]);
        chunkers[1].accept(blocks[1]);
      }
      chunkers[0].finish();
      chunkers[1].finish();
    }

    assertThat(perChannel.get(0)).hasSize(1);
    assertThat(perChannel.get(1)).hasSize(1);
    double customerStartMs = customerStart * 1000.0 / rate;
    assertThat(onsetMs(perChannel.get(0).get(0))).isCloseTo(gap / 2 * 1000L / rate, within(250L));
    assertThat(onsetMs(perChannel.get(1).get(0))).isCloseTo((long) customerStartMs, within(250L));
  }

  private static long onsetMs(AudioChunk chunk) {
    float[] s = chunk.samples();
    int i = 0;
    while (Math.abs(s[i]) < 0.02f) {
      i++;
    }
    return chunk.toCallMs(i * 1000.0 / Pcm.SAMPLE_RATE);
  }
}
