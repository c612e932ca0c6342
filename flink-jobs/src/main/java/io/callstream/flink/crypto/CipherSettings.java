package io.callstream.flink.crypto;

import io.callstream.core.crypto.FieldCipher;
import io.callstream.core.crypto.FileKeysetStore;
import io.callstream.core.crypto.MasterKey;
import io.callstream.core.crypto.WorkspaceKeyring;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Where the workspace keys are, in a form Flink can ship to its task managers: each operator opens
 * its own {@link FieldCipher} from it in {@code open()}. Holds locations, never key material.
 *
 * @param masterKeyUri the master key that wraps the workspace keysets ({@code file:} or {@code
 *     gcp-kms://})
 * @param keysetDirectory the directory of the wrapped workspace keysets, shared with ingest
 */
public record CipherSettings(String masterKeyUri, String keysetDirectory) implements Serializable {

  public CipherSettings {
    if (masterKeyUri == null || masterKeyUri.isBlank()) {
      throw new IllegalArgumentException("masterKeyUri must not be blank");
    }
    if (keysetDirectory == null || keysetDirectory.isBlank()) {
      throw new IllegalArgumentException("keysetDirectory must not be blank");
    }
  }

  public FieldCipher open() {
    return FieldCipher.of(
        WorkspaceKeyring.of(
            MasterKey.fromUri(masterKeyUri), FileKeysetStore.of(Path.of(keysetDirectory))));
  }
}
