package io.callstream.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VoiceActivityTest {

  @Test
  void shouldMarkToneAsSpeechAndHoldOnForTheHangover() {
    VoiceActivity vad = new VoiceActivity();
    float[] silence = new float[VoiceActivity.FRAME_SAMPLES];
    float[] tone = AudioFixtures.sine(200, 0.2, Pcm.SAMPLE_RATE, VoiceActivity.FRAME_SAMPLES);

    assertThat(vad.isSpeech(silence, 0)).isFalse();
    assertThat(vad.isSpeech(tone, 0)).isTrue();
    for (int i = 0; i < VoiceActivity.HANGOVER_FRAMES; i++) {
      assertThat(vad.isSpeech(silence, 0)).as("hangover frame %d", i).isTrue();
    }
    assertThat(vad.isSpeech(silence, 0)).isFalse();
  }

  @Test
  void shouldTakeSteadyNoiseForSilenceOnceTheFloorHasFollowedIt() {
    VoiceActivity vad = new VoiceActivity();
    float[] hum = AudioFixtures.sine(50, 0.02, Pcm.SAMPLE_RATE, VoiceActivity.FRAME_SAMPLES);

    assertThat(vad.isSpeech(hum, 0)).isFalse(); // -37 dBFS, but it is the floor from the start
    assertThat(vad.isSpeech(hum, 0)).isFalse();
  }

  @Test
  void shouldRejectAFrameOutsideTheArray() {
    assertThatThrownBy(() -> new VoiceActivity().isSpeech(new float[100], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("frame [0, 480) outside 100");
  }
}
