package io.callstream.cli.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  @Test
  void shouldPrintALineAtEveryTenthWhenNotOnATerminal() {
    StringWriter text = new StringWriter();
    ProgressBar bar =
        ProgressBar.of(new PrintWriter(text), "upload", 100, ProgressBar::count, false);

    for (int done = 0; done <= 100; done++) {
      bar.update(done);
    }
    bar.finish();

    assertThat(text.toString().lines()).hasSize(11);
    assertThat(text.toString().lines().reduce((a, b) -> b).orElseThrow())
        .isEqualTo("upload     [##############################] 100%  100/100");
  }

  @Test
  void shouldRedrawInPlaceOnATerminal() {
    StringWriter text = new StringWriter();
    ProgressBar bar =
        ProgressBar.of(new PrintWriter(text), "upload", 2048, ProgressBar::bytes, true);

    bar.update(1024);
    bar.finish();

    assertThat(text.toString())
        .isEqualTo(
            "\rupload     [###############---------------]  50%  1.0 KiB/2.0 KiB"
                + "\rupload     [##############################] 100%  2.0 KiB/2.0 KiB"
                + System.lineSeparator());
  }

  @Test
  void shouldFollowAGrowingTotal() {
    StringWriter text = new StringWriter();
    ProgressBar bar =
        ProgressBar.of(new PrintWriter(text), "received", 10, ProgressBar::count, true);

    bar.update(10, 40);

    assertThat(text.toString()).endsWith(" 25%  10/40");
  }
}
