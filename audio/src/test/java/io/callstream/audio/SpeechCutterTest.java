package io.callstream.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.callstream.audio.AudioFixtures.Mono;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpeechCutterTest {

  private static final String AGENT_VOICE = "en";
  private static final String CUSTOMER_VOICE = "en-us+f3";
  private static final int RATE = 22_050;

  @Test
  void shouldGiveEachStereoChannelItsOwnChunksWhenTwoVoicesTalk() throws Exception {
    Mono agent1 = AudioFixtures.speak(AudioFixtures.SENTENCES.get(0), AGENT_VOICE);
    Mono customer = AudioFixtures.speak(AudioFixtures.SENTENCES.get(1), CUSTOMER_VOICE);
    Mono agent2 = AudioFixtures.speak(AudioFixtures.SENTENCES.get(2), AGENT_VOICE);
    int gap = RATE; // 1 s between turns
    int customerAt = gap / 2 + agent1.samples().length + gap;
    int agent2At = customerAt + customer.samples().length + gap;
    int total = agent2At + agent2.samples().length + gap / 2;
    float[] left = new float[total];
    float[] right = new float[total];
    System.arraycopy(agent1.samples(), 0, left, gap / 2, agent1.samples().length);
    System.arraycopy(customer.samples(), 0, right, customerAt, customer.samples().length);
    System.arraycopy(agent2.samples(), 0, left, agent2At, agent2.samples().length);
    byte[] wav = AudioFixtures.wav(new float[][] {left, right}, RATE, 16);

    List<SpeechChunk> chunks = cut(Decoding.decode("audio/wav", wav, 32 * 1024), 30_000);

    assertThat(chunks).extracting(SpeechChunk::channel).containsOnly(0, 1);
    List<Long> agentOnsets = onsets(chunks, 0);
    List<Long> customerOnsets = onsets(chunks, 1);
    assertThat(customerOnsets).hasSize(1);
    assertThat(customerOnsets.get(0)).isCloseTo(ms(customerAt), within(250L));
    assertThat(agentOnsets).isNotEmpty();
    assertThat(agentOnsets.get(0)).isCloseTo(ms(gap / 2), within(250L));
    assertThat(chunks.stream().filter(c -> Integer.valueOf(0).equals(c.channel())))
        .anySatisfy(c -> assertThat(c.chunk().endMs()).isGreaterThan(ms(agent2At)));
  }

  @Test
  void shouldMixTheSameSignalOnBothChannelsToMono() {
    float[] speech = callAt16k();
    float[] louder = new float[speech.length];
    Random random = new Random(3);
    for (int i = 0; i < speech.length; i++) {
      louder[i] = speech[i] * 0.9f + (float) (random.nextGaussian() * 1e-4);
    }

    List<SpeechChunk> identical = cut(new float[][] {speech, speech.clone()}, 8_000);
    List<SpeechChunk> nearly = cut(new float[][] {speech, louder}, 8_000);
    List<SpeechChunk> mono = cut(new float[][] {speech}, 8_000);

    assertThat(mono).isNotEmpty();
    assertThat(mono).extracting(SpeechChunk::channel).containsOnlyNulls();
    assertThat(identical).extracting(SpeechChunk::channel).containsOnlyNulls();
    assertThat(nearly).extracting(SpeechChunk::channel).containsOnlyNulls();
    assertThat(identical)
        .extracting(c -> c.chunk().startMs())
        .isEqualTo(mono.stream().map(c -> c.chunk().startMs()).toList());
  }

  @Test
  void shouldMixMoreThanTwoChannelsToMono() {
    float[] speech = callAt16k();

    List<SpeechChunk> chunks = cut(new float[][] {speech, new float[speech.length], speech}, 8_000);

    assertThat(chunks).isNotEmpty();
    assertThat(chunks).extracting(SpeechChunk::channel).containsOnlyNulls();
  }

  @Test
  void shouldCutChunksOfAtMostMaxChunkMs() {
    float[] speech = callAt16k();

    List<SpeechChunk> chunks = cut(new float[][] {speech}, 5_000);

    assertThat(chunks).hasSizeGreaterThan(2);
    assertThat(chunks)
        .allSatisfy(c -> assertThat(c.chunk().durationMs()).isLessThanOrEqualTo(5_000));
  }

  @Test
  void shouldRejectABlockWithAnotherChannelCount() {
    SpeechCutter cutter = SpeechCutter.of(30_000, c -> {});
    cutter.accept(new float[][] {new float[160]});

    assertThatThrownBy(() -> cutter.accept(new float[][] {new float[160], new float[160]}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the call had 1 channels, now a block has 2");
  }

  @Test
  void shouldStayFlatThroughAnHourOfStreamedStereoPcm() throws Exception {
    int chunkBytes = 512 * 1024;
    int samplesPerChunk = chunkBytes / 4; // 16-bit stereo
    long totalSamples = 3600L * Pcm.SAMPLE_RATE;
    long[] chunksSeen = {0};
    java.util.Set<Integer> channelsSeen = new java.util.HashSet<>();
    SpeechCutter cutter =
        SpeechCutter.of(
            30_000,
            chunk -> {
              chunksSeen[0]++;
              channelsSeen.add(chunk.channel());
            });
    int maxRetained = 0;
    try (StreamDecoder decoder = StreamDecoder.forContentType("audio/pcm;rate=16000;channels=2")) {
      short[] tone = new short[160]; // three periods of 300 Hz
      for (int i = 0; i < tone.length; i++) {
        tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 300 * i / Pcm.SAMPLE_RATE));
      }
      for (long at = 0; at < totalSamples; at += samplesPerChunk) {
        int n = (int) Math.min(samplesPerChunk, totalSamples - at);
        ByteBuffer piece = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
          long ms = (at + i) * 1000 / Pcm.SAMPLE_RATE;
          boolean agentTalks = ms % 10_000 < 4_000; // agent 4 s, pause, customer 4 s, pause
          boolean customerTalks = ms % 10_000 >= 5_000 && ms % 10_000 < 9_000;
          short sample = tone[(int) ((at + i) % tone.length)];
          piece.putShort(agentTalks ? sample : 0).putShort(customerTalks ? sample : 0);
        }
        decoder.push(piece.array()).forEach(cutter::accept);
        maxRetained = Math.max(maxRetained, cutter.retainedSamples());
      }
      decoder.finish().forEach(cutter::accept);
    }
    cutter.finish();

    int oneChunk = 30 * Pcm.SAMPLE_RATE + VoiceActivity.FRAME_SAMPLES;
    assertThat(cutter.receivedMs()).isEqualTo(3600L * 1000);
    assertThat(chunksSeen[0]).as("chunks cut").isGreaterThanOrEqualTo(2 * 3600 / 30);
    assertThat(channelsSeen).containsExactlyInAnyOrder(0, 1);
    assertThat(maxRetained).isLessThanOrEqualTo(2 * oneChunk + 2 * samplesPerChunk);
  }

  private static List<SpeechChunk> cut(float[][] channels, int maxChunkMs) {
    List<SpeechChunk> chunks = new ArrayList<>();
    SpeechCutter cutter = SpeechCutter.of(maxChunkMs, chunks::add);
    int block = 4_000;
    for (int pos = 0; pos < channels[0].length; pos += block) {
      float[][] piece = new float[channels.length][];
      for (int c = 0; c < channels.length; c++) {
        piece[c] =
            java.util.Arrays.copyOfRange(
                channels[c], pos, Math.min(channels[c].length, pos + block));
      }
      cutter.accept(piece);
    }
    cutter.finish();
    assertThat(cutter.receivedMs()).isEqualTo(channels[0].length * 1000L / Pcm.SAMPLE_RATE);
    return chunks;
  }

  private static float[] callAt16k() {
    byte[] wav = AudioFixtures.call(AudioFixtures.SENTENCES, 700, 500).wav();
    try {
      return Decoding.decode("audio/wav", wav, wav.length)[0];
    } catch (AudioFormatException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Long> onsets(List<SpeechChunk> chunks, int channel) {
    List<Long> out = new ArrayList<>();
    for (SpeechChunk c : chunks) {
      if (Integer.valueOf(channel).equals(c.channel())) {
        float[] s = c.chunk().samples();
        int i = 0;
        while (i < s.length && Math.abs(s[i]) < 0.02f) {
          i++;
        }
        out.add(c.chunk().toCallMs(i * 1000.0 / Pcm.SAMPLE_RATE));
      }
    }
    return out;
  }

  private static long ms(int samplesAtSourceRate) {
    return samplesAtSourceRate * 1000L / RATE;
  }
}
