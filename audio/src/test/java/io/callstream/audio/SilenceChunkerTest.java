package io.callstream.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.callstream.audio.AudioFixtures.Call;
import io.callstream.audio.AudioFixtures.Span;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SilenceChunkerTest {

  private static final int PAUSE_MS = 700;
  private static final double MAPPING_TOLERANCE_MS = 250;

  @Test
  void shouldCutOnlyInsideThePausesBetweenSentences() throws Exception {
    Call call = AudioFixtures.call(AudioFixtures.SENTENCES, PAUSE_MS, 500);

    List<AudioChunk> chunks = chunk(call, 8_000);

    assertThat(chunks).hasSizeGreaterThan(2);
    assertCutsInsidePauses(chunks, call);
    assertEverySentenceInOneChunk(chunks, call);
    assertThat(chunks).allSatisfy(c -> assertThat(c.durationMs()).isLessThanOrEqualTo(8_000));
  }

  @Test
  void shouldMapChunkTimesBackToTheCallWithin250Ms() throws Exception {
    Call call = AudioFixtures.call(AudioFixtures.SENTENCES, PAUSE_MS, 1_300);

    List<AudioChunk> chunks = chunk(call, 8_000);

    for (AudioChunk chunk : chunks) {
      float[] s = chunk.samples();
      int first = 0;
      while (Math.abs(s[first]) < 0.02f) {
        first++;
      }
      int last = s.length - 1;
      while (Math.abs(s[last]) < 0.02f) {
        last--;
      }
      long onset = chunk.toCallMs(first * 1000.0 / Pcm.SAMPLE_RATE);
      long offset = chunk.toCallMs(last * 1000.0 / Pcm.SAMPLE_RATE);
      assertThat(nearest(call.speech(), onset, true))
          .isCloseTo(onset, within(MAPPING_TOLERANCE_MS));
      assertThat(nearest(call.speech(), offset, false))
          .isCloseTo(offset, within(MAPPING_TOLERANCE_MS));
    }
    assertThat(chunks.get(0).startMs()).isZero();
    assertThat(chunks.get(chunks.size() - 1).endMs())
        .isCloseTo((long) call.durationMs(), within(2L));
  }

  @Test
  void shouldCutA45SecondCallIntoChunksOfAtMost30SecondsAtPauses() throws Exception {
    Call call = AudioFixtures.call(AudioFixtures.sentencesLasting(45_000, PAUSE_MS), PAUSE_MS, 500);
    assertThat(call.durationMs()).isGreaterThanOrEqualTo(45_000);

    List<AudioChunk> chunks = chunk(call, SilenceChunker.DEFAULT_MAX_CHUNK_MS);

    assertThat(chunks).hasSizeGreaterThanOrEqualTo(2);
    assertThat(chunks).allSatisfy(c -> assertThat(c.durationMs()).isLessThanOrEqualTo(30_000));
    assertCutsInsidePauses(chunks, call);
    assertEverySentenceInOneChunk(chunks, call);
  }

  @Test
  void shouldGiveNoChunksForSilenceOnly() {
    Random random = new Random(1);
    List<AudioChunk> chunks = new ArrayList<>();
    SilenceChunker chunker = SilenceChunker.of(chunks::add);
    float[] digital = new float[16_000];
    for (int second = 0; second < 90; second++) {
      float[] block = digital;
      if (second >= 45) { // quiet background hiss, about -65 dBFS
        block = new float[16_000];
        for (int i = 0; i < block.length; i++) {
          block[i] = (float) (random.nextGaussian() * 0.0005);
        }
      }
      chunker.accept(new Pcm(block, second * 1000L));
    }
    chunker.finish();

    assertThat(chunks).isEmpty();
  }

  @Test
  void shouldHoldAtMostOneChunkThrough20MinutesOfToneAndSilence() {
    List<AudioChunk> chunks = new ArrayList<>();
    SilenceChunker chunker = SilenceChunker.of(chunks::add);
    int maxRetained = 0;
    int blockSamples = 1_600; // 100 ms
    long total = 20L * 60 * Pcm.SAMPLE_RATE;
    float[] tone = AudioFixtures.sine(300, 0.3, Pcm.SAMPLE_RATE, blockSamples);
    float[] silence = new float[blockSamples];
    for (long pos = 0; pos < total; pos += blockSamples) {
      long ms = pos * 1000 / Pcm.SAMPLE_RATE;
      boolean speaking = ms % 4_000 < 3_000; // 3 s "speech", 1 s pause
      chunker.accept(new Pcm(speaking ? tone : silence, ms));
      maxRetained = Math.max(maxRetained, chunker.retainedSamples());
    }
    chunker.finish();

    int oneChunk = SilenceChunker.DEFAULT_MAX_CHUNK_MS * Pcm.SAMPLE_RATE / 1000;
    assertThat(maxRetained).isLessThanOrEqualTo(oneChunk + VoiceActivity.FRAME_SAMPLES);
    assertThat(chunker.capacitySamples())
        .isLessThanOrEqualTo(oneChunk + VoiceActivity.FRAME_SAMPLES);
    assertThat(chunks).hasSizeGreaterThanOrEqualTo(40);
    assertThat(chunks).allSatisfy(c -> assertThat(c.durationMs()).isLessThanOrEqualTo(30_000));
    for (int i = 0; i + 1 < chunks.size(); i++) {
      long cut = chunks.get(i).endMs();
      assertThat(cut % 4_000).as("cut at %d ms", cut).isBetween(3_000L, 3_999L);
    }
  }

  @Test
  void shouldRejectAGapInTheStream() {
    SilenceChunker chunker = SilenceChunker.of(c -> {});
    chunker.accept(new Pcm(new float[1_600], 0));

    assertThatThrownBy(() -> chunker.accept(new Pcm(new float[1_600], 500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pcm must continue the stream: expected startMs 100, got 500");
  }

  @Test
  void reportsDecodeAndVadSpeed() throws Exception {
    Call call = AudioFixtures.call(AudioFixtures.SENTENCES, PAUSE_MS, 500);
    int rounds = 20;
    long start = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      SilenceChunker chunker = SilenceChunker.of(c -> {});
      AudioFixtures.decodeTo16kMono(new ByteArrayInputStream(call.wav()), chunker::accept);
      chunker.finish();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double audioSeconds = rounds * call.durationMs() / 1000;
    System.out.printf(
        "decode (%d Hz) + resample + VAD + chunking: %.0fx real time on one thread%n",
        call.sampleRate(), audioSeconds / seconds);
  }

  private static List<AudioChunk> chunk(Call call, int maxChunkMs) throws Exception {
    List<AudioChunk> chunks = new ArrayList<>();
    SilenceChunker chunker = SilenceChunker.of(maxChunkMs, chunks::add);
    AudioFixtures.decodeTo16kMono(new ByteArrayInputStream(call.wav()), chunker::accept);
    chunker.finish();
    return chunks;
  }

  private static void assertCutsInsidePauses(List<AudioChunk> chunks, Call call) {
    for (int i = 0; i + 1 < chunks.size(); i++) {
      long cut = chunks.get(i).endMs();
      assertThat(call.pauses())
          .as("cut at %d ms lies inside an inserted pause %s", cut, call.pauses())
          .anySatisfy(p -> assertThat(p.contains(cut)).isTrue());
      assertThat(chunks.get(i + 1).startMs()).as("next chunk starts at the cut").isEqualTo(cut);
    }
  }

  private static void assertEverySentenceInOneChunk(List<AudioChunk> chunks, Call call) {
    for (Span sentence : call.speech()) {
      assertThat(chunks)
          .as("a chunk holds the whole sentence %s", sentence)
          .anySatisfy(
              c -> {
                assertThat((double) c.startMs()).isLessThanOrEqualTo(sentence.startMs());
                assertThat((double) c.endMs()).isGreaterThanOrEqualTo(sentence.endMs());
              });
    }
  }

  private static double nearest(List<Span> spans, double ms, boolean start) {
    double best = Double.NaN;
    for (Span s : spans) {
      double edge = start ? s.startMs() : s.endMs();
      if (Double.isNaN(best) || Math.abs(edge - ms) < Math.abs(best - ms)) {
        best = edge;
      }
    }
    return best;
  }
}
