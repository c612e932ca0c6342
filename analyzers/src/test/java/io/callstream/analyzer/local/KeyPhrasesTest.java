package io.callstream.analyzer.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyPhrasesTest {

  @Test
  void shouldRankRecurringPhraseOfTheTopicFirst() {
    List<String> topic =
        List.of(
            "Um so the remote control has to be cheap, yeah.",
            "Okay, I think the remote control needs big buttons.",
            "Yeah, the buttons should glow, um, in the dark.",
            "And the remote control should fit in one hand.");
    List<String> corpus =
        List.of(
            topic.get(0),
            topic.get(1),
            topic.get(2),
            topic.get(3),
            "The budget is twenty five euros per unit.",
            "The budget leaves no room for a touch screen.");

    List<KeyPhrases.Phrase> phrases = KeyPhrases.of(topic, corpus, 3);

    assertThat(phrases).extracting(KeyPhrases.Phrase::text).startsWith("remote control");
    assertThat(phrases.get(0).lines()).containsExactlyInAnyOrder(0, 1, 3);
    assertThat(phrases)
        .extracting(KeyPhrases.Phrase::text)
        .noneMatch(text -> text.matches(".*\\b(um|yeah|okay|budget)\\b.*"));
  }

  @Test
  void shouldFindNoPhraseInFillers() {
    assertThat(KeyPhrases.of(List.of("Um, okay.", "Yeah yeah."), List.of("Um, okay."), 3))
        .isEmpty();
  }
}
