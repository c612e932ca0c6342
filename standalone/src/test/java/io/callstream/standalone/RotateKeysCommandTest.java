package io.callstream.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.core.crypto.Field;
import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.crypto.FileKeysetStore;
import io.callstream.core.crypto.KeyIds;
import io.callstream.core.crypto.MasterKey;
import io.callstream.core.crypto.WorkspaceKeyring;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotateKeysCommandTest {

  private static final String TEXT = "Dana: legal signs off on Thursday";

  @TempDir Path data;

  private StandaloneConfig config;
  private FieldCipher cipher;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() {
    config = StandaloneConfig.fromEnvironment(Map.of("CALLSTREAM_DATA_DIR", data.toString()));
    // As a running process that checks the store on every use.
    cipher =
        FieldCipher.of(
            WorkspaceKeyring.of(
                MasterKey.fromUri(config.masterKey()),
                FileKeysetStore.of(config.keysetDirectory()),
                Duration.ZERO));
  }

  @Test
  void shouldRotateEveryWorkspaceAndKeepOldDataReadable() {
    byte[] oldA = cipher.encryptText("ws_a", "call-1", Field.TRANSCRIPT_TEXT, TEXT);
    byte[] oldB = cipher.encryptText("ws_b", "call-1", Field.TRANSCRIPT_TEXT, TEXT);

    int exit = run();

    assertThat(exit).as(text(err)).isZero();
    assertThat(text(out)).contains("rotated ws_a: new primary key").contains("rotated ws_b");
    byte[] newA = cipher.encryptText("ws_a", "call-1", Field.TRANSCRIPT_TEXT, TEXT);
    assertThat(KeyIds.of(newA)).isNotEqualTo(KeyIds.of(oldA));
    assertThat(text(out)).contains("rotated ws_a: new primary key " + KeyIds.of(newA).getAsInt());
    assertThat(cipher.decryptText("ws_a", "call-1", Field.TRANSCRIPT_TEXT, oldA)).isEqualTo(TEXT);
    assertThat(cipher.decryptText("ws_b", "call-1", Field.TRANSCRIPT_TEXT, oldB)).isEqualTo(TEXT);
  }

  @Test
  void shouldRotateOnlyTheNamedWorkspace() {
    byte[] oldA = cipher.encryptText("ws_a", "call-1", Field.SUMMARY, TEXT);
    byte[] oldB = cipher.encryptText("ws_b", "call-1", Field.SUMMARY, TEXT);

    int exit = run("--workspace", "ws_b");

    assertThat(exit).isZero();
    assertThat(text(out)).doesNotContain("ws_a");
    assertThat(KeyIds.of(cipher.encryptText("ws_a", "call-1", Field.SUMMARY, TEXT)))
        .isEqualTo(KeyIds.of(oldA));
    assertThat(KeyIds.of(cipher.encryptText("ws_b", "call-1", Field.SUMMARY, TEXT)))
        .isNotEqualTo(KeyIds.of(oldB));
  }

  @Test
  void shouldFailForWorkspaceWithoutKeys() {
    int exit = run("--workspace", "ws_never_used");

    assertThat(exit).isEqualTo(1);
    assertThat(text(err)).contains("cannot rotate the keys of ws_never_used");
  }

  @Test
  void shouldRefuseUnknownArguments() {
    assertThat(run("--everything")).isEqualTo(2);
    assertThat(text(err)).contains("usage: callstream rotate-keys");
  }

  private int run(String... arguments) {
    return RotateKeysCommand.run(
        List.of(arguments),
        config,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static String text(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8);
  }
}
