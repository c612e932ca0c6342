package io.callstream.analyzer.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordsTest {

  @Test
  void shouldTidyFillersRepeatsAndLeadingMarkers() {
    assertThat(Words.tidy("Um so uh our our project , um , is late .", 20))
        .isEqualTo("Our project, is late.");
  }

  @Test
  void shouldCutLongTextWithEllipsis() {
    assertThat(Words.tidy("one two three four five six", 3)).isEqualTo("One two three…");
  }

  @Test
  void shouldCountOnlyContentWords() {
    assertThat(Words.contentCount("Yeah, I think the remote control is okay.")).isEqualTo(2);
  }

  @Test
  void shouldSplitSentencesWrittenWithSpacesBeforeStops() {
    assertThat(Words.sentences("Okay . So what about the price ? It's fine ."))
        .containsExactly("Okay.", "So what about the price?", "It's fine.");
  }
}
