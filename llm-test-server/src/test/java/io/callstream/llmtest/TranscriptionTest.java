package io.callstream.llmtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The test server's transcriptions follow the speech in the audio. */
class TranscriptionTest {

  /** One 30 ms frame: the detector's resolution. */
  private static final Offset<Double> FRAME = within(0.031);

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldAnswerOneSegmentPerRegionOfSpeechFromItsStartToItsEnd() {
    byte[] wav =
        TestAudio.at16k().silence(500).tone(1_200).silence(1_000).tone(2_300).silence(700).wav();

    Transcription transcription = Transcription.of(wav);

    assertThat(transcription.duration()).isEqualTo(5.7, within(1e-9));
    List<Transcription.Segment> segments = transcription.segments();
    assertThat(segments).hasSize(2);
    assertThat(segments.get(0).start()).isEqualTo(0.5, FRAME);
    assertThat(segments.get(0).end()).isEqualTo(1.7, FRAME);
    assertThat(segments.get(1).start()).isEqualTo(2.7, FRAME);
    assertThat(segments.get(1).end()).isEqualTo(5.0, FRAME);
    // one word per started second: 1.2 s -> 2 words, 2.3 s -> 3 words
    assertThat(segments.get(0).text().split(" ")).hasSize(2);
    assertThat(segments.get(1).text().split(" ")).hasSize(3);
    assertThat(segments)
        .extracting(Transcription.Segment::speaker)
        .containsExactly("speaker_0", "speaker_1");
    assertThat(transcription.text())
        .isEqualTo(segments.get(0).text() + " " + segments.get(1).text());
  }

  @Test
  void shouldMergeSpeechLessThan300MsApartAndDropClicks() {
    TestAudio audio = TestAudio.at16k().silence(300).tone(1_000).silence(200).tone(1_000);
    double mergedEnd = audio.seconds();
    audio.silence(400).tone(800);
    double apartStart = audio.seconds() - 0.8;
    double apartEnd = audio.seconds();
    audio.silence(1_000).tone(60).silence(1_000);

    List<Transcription.Segment> segments = Transcription.of(audio.wav()).segments();

    assertThat(segments).hasSize(2);
    assertThat(segments.get(0).start()).isEqualTo(0.3, FRAME);
    assertThat(segments.get(0).end()).isEqualTo(mergedEnd, FRAME);
    assertThat(segments.get(0).text().split(" ")).hasSize(3); // 2.2 s
    assertThat(segments.get(1).start()).isEqualTo(apartStart, FRAME);
    assertThat(segments.get(1).end()).isEqualTo(apartEnd, FRAME);
    assertThat(segments.get(1).text().split(" ")).hasSize(1); // 0.8 s: at least one word
  }

  @Test
  void shouldAnswerNoSegmentsAndNoTextForAudioWithoutSpeech() {
    Transcription transcription = Transcription.of(TestAudio.at16k().silence(3_000).wav());

    assertThat(transcription.segments()).isEmpty();
    assertThat(transcription.text()).isEmpty();
    assertThat(transcription.duration()).isEqualTo(3.0, within(1e-9));
    JsonNode verbose = transcription.verbose(JSON);
    assertThat(verbose.path("segments").isArray()).isTrue();
    assertThat(verbose.path("segments")).isEmpty();
    assertThat(verbose.path("text").asText()).isEmpty();
    assertThat(transcription.json(JSON).path("text").asText()).isEmpty();
  }

  @Test
  void shouldEndASegmentWhereTheAudioEndsWhenSpeechRunsToTheEnd() {
    Transcription transcription =
        Transcription.of(TestAudio.at16k().silence(400).tone(1_510).wav());

    assertThat(transcription.segments()).hasSize(1);
    assertThat(transcription.segments().get(0).start()).isEqualTo(0.4, FRAME);
    assertThat(transcription.segments().get(0).end()).isEqualTo(1.91, within(1e-9));
  }

  @Test
  void shouldReadTheSameAudioTheSameAsWavBarePcmOrA44100HzStereoWav() {
    TestAudio at16k = TestAudio.at16k().silence(600).tone(1_500).silence(900).tone(700);
    TestAudio at44k = TestAudio.at(44_100).silence(600).tone(1_500).silence(900).tone(700);

    Transcription wav = Transcription.of(at16k.wav());
    Transcription pcm = Transcription.of(at16k.pcm());
    Transcription stereo = Transcription.of(at44k.stereoWav());

    assertThat(pcm).isEqualTo(wav);
    assertThat(wav.segments()).hasSize(2);
    assertThat(stereo.segments()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(stereo.segments().get(i).start()).isEqualTo(wav.segments().get(i).start(), FRAME);
      assertThat(stereo.segments().get(i).end()).isEqualTo(wav.segments().get(i).end(), FRAME);
    }
    assertThat(stereo.duration()).isEqualTo(wav.duration(), within(0.001));
  }

  @Test
  void shouldChooseTheWordsByTheSamplesOfTheRegionAlone() {
    byte[] wav = TestAudio.at16k().silence(500).tone(2_900).silence(500).wav();
    byte[] otherSilence = wav.clone();
    otherSilence[44 + 2 * 100] = 3; // a sample of the silence before the speech
    byte[] otherSpeech = wav.clone();
    otherSpeech[44 + 2 * 16_000] ^= 1; // a sample inside the speech, one step off

    String text = Transcription.of(wav).text();

    assertThat(text.split(" ")).hasSize(3);
    assertThat(Transcription.of(wav.clone()).text()).isEqualTo(text);
    assertThat(Transcription.of(otherSilence).text()).isEqualTo(text);
    assertThat(Transcription.of(otherSpeech).text()).isNotEqualTo(text);
  }

  @Test
  void shouldFollowSentencesSpokenByEspeakWithAPauseBetween() {
    int rate = 22_050;
    float[] first = TestAudio.speak("We will ship the release next week", rate);
    float[] second = TestAudio.speak("The customer needs a demo on Friday", rate);
    TestAudio call = TestAudio.at(rate).silence(700).add(first);
    double firstEnd = call.seconds();
    call.silence(1_200);
    double secondStart = call.seconds();
    call.add(second);
    double secondEnd = call.seconds();
    call.silence(500);

    List<Transcription.Segment> segments = Transcription.of(call.stereoWav()).segments();

    assertThat(segments).hasSize(2);
    assertThat(segments.get(0).start()).isEqualTo(0.7, within(0.1));
    assertThat(segments.get(0).end()).isEqualTo(firstEnd, within(0.25));
    assertThat(segments.get(1).start()).isEqualTo(secondStart, within(0.25));
    assertThat(segments.get(1).end()).isEqualTo(secondEnd, within(0.25));
    assertThat(segments.get(0).text().split(" "))
        .hasSize((int) Math.ceil(segments.get(0).end() - segments.get(0).start()));
  }
}
