package io.callstream.flink.testing;

import io.callstream.core.crypto.FieldCipher;
import io.callstream.flink.crypto.CipherSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A master key and a keyset directory made for one test run, and the cipher over them: tests
 * encrypt what they produce the way ingest does, and decrypt what the job emits.
 */
public final class TestKeys {

  private final CipherSettings settings;
  private final FieldCipher cipher;

  private TestKeys(CipherSettings settings) {
    this.settings = settings;
    this.cipher = settings.open();
  }

  /** New keys under a fresh temporary directory. */
  public static TestKeys create() {
    try {
      Path directory = Files.createTempDirectory("callstream-keys-");
      return new TestKeys(
          new CipherSettings(
              "file:" + directory.resolve("master.keyset.json"),
              directory.resolve("workspaces").toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public CipherSettings settings() {
    return settings;
  }

  public FieldCipher cipher() {
    return cipher;
  }
}
