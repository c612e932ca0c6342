package io.callstream.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

/**
 * Holds what a transcription heard against the speech known to be in the audio ({@link
 * AudioFixtures.Call#speech()}): for the tests of the transcription job and of audio calls end to
 * end.
 */
public final class SpeechAssertions {

  /** One transcribed stretch, in milliseconds of call time. */
  public record Heard(long startMs, long endMs) {}

  private SpeechAssertions() {}

  /**
   * Every stretch lies inside a sentence, and every sentence starts and ends where its stretches
   * do, within {@code toleranceMs}.
   */
  public static void assertFollowsSpeech(
      List<Heard> heard, List<AudioFixtures.Span> speech, long toleranceMs) {
    assertThat(heard).isNotEmpty();
    for (Heard stretch : heard) {
      sentenceOf(stretch, speech, toleranceMs);
    }
    for (int i = 0; i < speech.size(); i++) {
      AudioFixtures.Span sentence = speech.get(i);
      int turn = i;
      List<Heard> inside =
          heard.stream().filter(s -> sentenceOf(s, speech, toleranceMs) == turn).toList();
      assertThat(inside).as("stretches heard in sentence %d at %s", i, sentence).isNotEmpty();
      assertThat((double) inside.stream().mapToLong(Heard::startMs).min().orElseThrow())
          .as("start of sentence %d", i)
          .isCloseTo(sentence.startMs(), within((double) toleranceMs));
      assertThat((double) inside.stream().mapToLong(Heard::endMs).max().orElseThrow())
          .as("end of sentence %d", i)
          .isCloseTo(sentence.endMs(), within((double) toleranceMs));
    }
  }

  /** The sentence a stretch lies in, give or take {@code toleranceMs}; fails if it lies in none. */
  public static int sentenceOf(Heard stretch, List<AudioFixtures.Span> speech, long toleranceMs) {
    for (int i = 0; i < speech.size(); i++) {
      AudioFixtures.Span sentence = speech.get(i);
      if (stretch.startMs() >= sentence.startMs() - toleranceMs
          && stretch.endMs() <= sentence.endMs() + toleranceMs) {
        return i;
      }
    }
    throw new AssertionError(
        "heard "
            + stretch.startMs()
            + "-"
            + stretch.endMs()
            + " ms, which lies in no sentence of "
            + speech);
  }
}
