package io.callstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeakScannerTest {

  private static final String SENTENCE = "we decided on a yellow remote";
  private static final String OTHER = "the budget is twelve euros fifty";

  @TempDir Path root;

  @Test
  void shouldFindNeedlesAnywhereInBinaryData() {
    LeakScanner scanner = LeakScanner.of(Set.of(SENTENCE, OTHER, "Grüße aus Köln, Jürgen"));
    byte[] prefix = {0, 1, 2, (byte) 0xff};
    byte[] text = ("xx" + SENTENCE + "Grüße aus Köln, Jürgen").getBytes(StandardCharsets.UTF_8);
    byte[] haystack = new byte[prefix.length + text.length];
    System.arraycopy(prefix, 0, haystack, 0, prefix.length);
    System.arraycopy(text, 0, haystack, prefix.length, text.length);

    assertThat(scanner.scan(haystack, "blob"))
        .extracting(LeakScanner.Leak::needle)
        .containsExactlyInAnyOrder(SENTENCE, "Grüße aus Köln, Jürgen");
  }

  @Test
  void shouldNotFindPartsOfNeedles() {
    LeakScanner scanner = LeakScanner.of(Set.of(SENTENCE));

    assertThat(scanner.scan("we decided on a yellow remot", "cut")).isEmpty();
    assertThat(scanner.scan("we decided on a yellow_remote", "changed")).isEmpty();
  }

  @Test
  void shouldScanEveryFileOfTree() throws Exception {
    Files.createDirectories(root.resolve("a/b"));
    Files.writeString(root.resolve("a/b/log.000"), "...." + OTHER + "....");
    Files.writeString(root.resolve("clean"), "nothing to see");

    assertThat(LeakScanner.of(Set.of(SENTENCE, OTHER)).scanTree(root))
        .containsExactly(new LeakScanner.Leak(OTHER, "a/b/log.000"));
  }

  @Test
  void shouldRefuseNeedlesTooShortToAnchor() {
    assertThatThrownBy(() -> LeakScanner.of(Set.of("short")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
