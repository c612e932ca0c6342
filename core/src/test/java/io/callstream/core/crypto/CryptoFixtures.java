package io.callstream.core.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AesGcmKey;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/** A master key file and a keyset directory under one temporary directory, and a few probes. */
final class CryptoFixtures {

  static final String WORKSPACE = "ws-acme";
  static final String OTHER_WORKSPACE = "ws-globex";
  static final String CALL = "call-0001";
  static final String OTHER_CALL = "call-0002";

  final Path masterFile;
  final Path keysetDirectory;

  private CryptoFixtures(Path root) {
    this.masterFile = root.resolve("secrets").resolve("master.keyset.json");
    this.keysetDirectory = root.resolve("keysets");
  }

  static CryptoFixtures in(Path root) {
    return new CryptoFixtures(root);
  }

  MasterKey masterKey() {
    return MasterKey.ofFile(masterFile);
  }

  FileKeysetStore store() {
    return FileKeysetStore.of(keysetDirectory);
  }

  /** A new keyring on the same files, as after a restart. */
  WorkspaceKeyring keyring() {
    return WorkspaceKeyring.of(masterKey(), store());
  }

  FieldCipher cipher() {
    return FieldCipher.of(keyring());
  }

  /** The Tink key id in the 5-byte prefix of a ciphertext. */
  static int keyIdOf(byte[] ciphertext) {
    return ByteBuffer.wrap(ciphertext, 1, 4).getInt();
  }

  /**
   * The raw AES keys of the stored keyset of {@code workspaceId}, unwrapped with the master key.
   */
  List<byte[]> cleartextKeys(String workspaceId) throws GeneralSecurityException {
    byte[] stored = store().load(workspaceId).orElseThrow();
    KeysetHandle keyset =
        TinkProtoKeysetFormat.parseEncryptedKeyset(
            stored,
            masterKey().aead(),
            AssociatedData.forKeyset(workspaceId),
            TinkAead.CONFIGURATION);
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < keyset.size(); i++) {
      AesGcmKey key = (AesGcmKey) keyset.getAt(i).getKey();
      keys.add(key.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get()));
    }
    return keys;
  }

  /** Whether {@code needle} occurs in {@code haystack}. */
  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
