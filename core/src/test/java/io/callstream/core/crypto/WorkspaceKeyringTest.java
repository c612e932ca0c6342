package io.callstream.core.crypto;

import static io.callstream.core.crypto.CryptoFixtures.CALL;
import static io.callstream.core.crypto.CryptoFixtures.OTHER_WORKSPACE;
import static io.callstream.core.crypto.CryptoFixtures.WORKSPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceKeyringTest {

  private static final String TEXT = "Bob: we will sign if the price drops 10%";

  @TempDir Path root;

  private CryptoFixtures fixtures;
  private WorkspaceKeyring keyring;
  private FieldCipher cipher;

  @BeforeEach
  void setUp() {
    fixtures = CryptoFixtures.in(root);
    keyring = fixtures.keyring();
    cipher = FieldCipher.of(keyring);
  }

  @Test
  void shouldCreateKeysetOnFirstEncryption() {
    assertThat(keyring.exists(WORKSPACE)).isFalse();

    cipher.encryptText(WORKSPACE, CALL, Field.SUMMARY, TEXT);

    assertThat(keyring.exists(WORKSPACE)).isTrue();
    assertThat(fixtures.keysetDirectory.resolve(WORKSPACE + ".keyset")).isRegularFile();
  }

  @Test
  void shouldDecryptAfterRestart() {
    byte[] ciphertext = cipher.encryptText(WORKSPACE, CALL, Field.SUMMARY, TEXT);

    FieldCipher restarted = fixtures.cipher();

    assertThat(restarted.decryptText(WORKSPACE, CALL, Field.SUMMARY, ciphertext)).isEqualTo(TEXT);
  }

  @Test
  void shouldKeepOldCiphertextReadableAfterRotation() {
    byte[] before = cipher.encryptText(WORKSPACE, CALL, Field.INSIGHT, TEXT);
    int oldKeyId = CryptoFixtures.keyIdOf(before);

    int newKeyId = keyring.rotate(WORKSPACE);
    byte[] after = cipher.encryptText(WORKSPACE, CALL, Field.INSIGHT, TEXT);

    assertThat(newKeyId).isNotEqualTo(oldKeyId);
    assertThat(CryptoFixtures.keyIdOf(after)).isEqualTo(newKeyId);
    assertThat(cipher.decryptText(WORKSPACE, CALL, Field.INSIGHT, before)).isEqualTo(TEXT);
    assertThat(cipher.decryptText(WORKSPACE, CALL, Field.INSIGHT, after)).isEqualTo(TEXT);
  }

  @Test
  void shouldPersistRotation() throws Exception {
    byte[] before = cipher.encryptText(WORKSPACE, CALL, Field.INSIGHT, TEXT);
    int newKeyId = keyring.rotate(WORKSPACE);

    FieldCipher restarted = fixtures.cipher();
    byte[] after = restarted.encryptText(WORKSPACE, CALL, Field.INSIGHT, TEXT);

    assertThat(CryptoFixtures.keyIdOf(after)).isEqualTo(newKeyId);
    assertThat(restarted.decryptText(WORKSPACE, CALL, Field.INSIGHT, before)).isEqualTo(TEXT);
    assertThat(fixtures.cleartextKeys(WORKSPACE)).hasSize(2);
  }

  @Test
  void shouldRefuseToRotateWorkspaceWithoutKeyset() {
    assertThatThrownBy(() -> keyring.rotate("ws-never-used"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("workspace ws-never-used has no keyset to rotate");
    assertThat(keyring.exists("ws-never-used")).isFalse();
  }

  @Test
  void shouldMakeOldCiphertextUnreadableAfterDestroy() {
    byte[] ciphertext = cipher.encryptText(WORKSPACE, CALL, Field.TRANSCRIPT_TEXT, TEXT);
    byte[] otherTenant = cipher.encryptText(OTHER_WORKSPACE, CALL, Field.TRANSCRIPT_TEXT, TEXT);

    assertThat(keyring.destroy(WORKSPACE)).isTrue();

    assertThat(fixtures.keysetDirectory.resolve(WORKSPACE + ".keyset")).doesNotExist();
    assertThatThrownBy(() -> cipher.decryptText(WORKSPACE, CALL, Field.TRANSCRIPT_TEXT, ciphertext))
        .isInstanceOf(CiphertextRejectedException.class)
        .hasMessageContaining("has no keyset");
    assertThatThrownBy(
            () -> fixtures.cipher().decryptText(WORKSPACE, CALL, Field.TRANSCRIPT_TEXT, ciphertext))
        .isInstanceOf(CiphertextRejectedException.class);
    assertThat(cipher.decryptText(OTHER_WORKSPACE, CALL, Field.TRANSCRIPT_TEXT, otherTenant))
        .isEqualTo(TEXT);
  }

  @Test
  void shouldNotReviveDestroyedKeysWhenWorkspaceIsUsedAgain() {
    byte[] ciphertext = cipher.encryptText(WORKSPACE, CALL, Field.TRANSCRIPT_TEXT, TEXT);
    keyring.destroy(WORKSPACE);

    byte[] fresh = cipher.encryptText(WORKSPACE, CALL, Field.TRANSCRIPT_TEXT, TEXT);

    assertThat(cipher.decryptText(WORKSPACE, CALL, Field.TRANSCRIPT_TEXT, fresh)).isEqualTo(TEXT);
    assertThatThrownBy(() -> cipher.decryptText(WORKSPACE, CALL, Field.TRANSCRIPT_TEXT, ciphertext))
        .isInstanceOf(CiphertextRejectedException.class);
  }

  @Test
  void shouldReportWhetherDestroyFoundKeyset() {
    assertThat(keyring.destroy("ws-never-used")).isFalse();
  }

  @Test
  void shouldStoreKeysetWithoutCleartextKey() throws Exception {
    cipher.encryptText(WORKSPACE, CALL, Field.SUMMARY, TEXT);
    keyring.rotate(WORKSPACE);

    byte[] stored = Files.readAllBytes(fixtures.keysetDirectory.resolve(WORKSPACE + ".keyset"));

    assertThat(fixtures.cleartextKeys(WORKSPACE))
        .hasSize(2)
        .allSatisfy(
            key -> {
              assertThat(key).hasSize(32);
              assertThat(CryptoFixtures.contains(stored, key)).isFalse();
            });
  }

  @Test
  void shouldNotLoadKeysetWithAnotherMasterKey() {
    byte[] ciphertext = cipher.encryptText(WORKSPACE, CALL, Field.SUMMARY, TEXT);
    MasterKey otherMaster = MasterKey.ofFile(root.resolve("other").resolve("master.keyset.json"));
    FieldCipher impostor = FieldCipher.of(WorkspaceKeyring.of(otherMaster, fixtures.store()));

    assertThatThrownBy(() -> impostor.decryptText(WORKSPACE, CALL, Field.SUMMARY, ciphertext))
        .isInstanceOf(KeyringException.class)
        .hasMessageContaining("keyset of workspace ws-acme cannot be unwrapped with master key")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> impostor.encryptText(WORKSPACE, CALL, Field.SUMMARY, TEXT))
        .isInstanceOf(KeyringException.class);
  }

  @Test
  void shouldNotLoadKeysetCopiedToAnotherWorkspace() throws Exception {
    cipher.encryptText(WORKSPACE, CALL, Field.SUMMARY, TEXT);
    Files.copy(
        fixtures.keysetDirectory.resolve(WORKSPACE + ".keyset"),
        fixtures.keysetDirectory.resolve(OTHER_WORKSPACE + ".keyset"));

    assertThatThrownBy(() -> cipher.encryptText(OTHER_WORKSPACE, CALL, Field.SUMMARY, TEXT))
        .isInstanceOf(KeyringException.class)
        .hasMessageContaining("workspace " + OTHER_WORKSPACE);
  }

  @Test
  void shouldForgetCachedKeysOnEvict() {
    byte[] ciphertext = cipher.encryptText(WORKSPACE, CALL, Field.SUMMARY, TEXT);
    // Another process destroys the keyset; this one still has it cached until it evicts.
    fixtures.keyring().destroy(WORKSPACE);
    assertThat(cipher.decryptText(WORKSPACE, CALL, Field.SUMMARY, ciphertext)).isEqualTo(TEXT);

    keyring.evict(WORKSPACE);

    assertThatThrownBy(() -> cipher.decryptText(WORKSPACE, CALL, Field.SUMMARY, ciphertext))
        .isInstanceOf(CiphertextRejectedException.class);
  }
}
