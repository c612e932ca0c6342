package io.callstream.core.crypto;

import static io.callstream.core.crypto.CryptoFixtures.CALL;
import static io.callstream.core.crypto.CryptoFixtures.WORKSPACE;
import static io.callstream.core.crypto.CryptoFixtures.keyIdOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotation as several processes see it: each has its own keyring on the same store, and one of them
 * rotates while the others hold the old keyset in their caches.
 */
class KeyRotationTest {

  private static final String TEXT = "Carol: the renewal depends on the security review";

  @TempDir Path root;

  private CryptoFixtures fixtures;
  private WorkspaceKeyring rotating;
  private FieldCipher rotatingCipher;

  @BeforeEach
  void setUp() {
    fixtures = CryptoFixtures.in(root);
    rotating = fixtures.keyring();
    rotatingCipher = FieldCipher.of(rotating);
  }

  @Test
  void shouldDecryptDataUnderNewKeyInProcessThatCachedOldKeyset() {
    WorkspaceKeyring other = WorkspaceKeyring.of(fixtures.masterKey(), fixtures.store());
    FieldCipher otherCipher = FieldCipher.of(other);
    byte[] before = rotatingCipher.encryptText(WORKSPACE, CALL, Field.SUMMARY, TEXT);
    assertThat(otherCipher.decryptText(WORKSPACE, CALL, Field.SUMMARY, before)).isEqualTo(TEXT);

    int newKeyId = rotating.rotate(WORKSPACE);
    byte[] after = rotatingCipher.encryptText(WORKSPACE, CALL, Field.SUMMARY, TEXT);

    assertThat(keyIdOf(after)).isEqualTo(newKeyId);
    assertThat(otherCipher.decryptText(WORKSPACE, CALL, Field.SUMMARY, after)).isEqualTo(TEXT);
    assertThat(otherCipher.decryptText(WORKSPACE, CALL, Field.SUMMARY, before)).isEqualTo(TEXT);
  }

  @Test
  void shouldEncryptUnderNewPrimaryOnceCachedKeysetIsOlderThanMaxAge() {
    FieldCipher checksAlways =
        FieldCipher.of(WorkspaceKeyring.of(fixtures.masterKey(), fixtures.store(), Duration.ZERO));
    FieldCipher checksHourly =
        FieldCipher.of(
            WorkspaceKeyring.of(fixtures.masterKey(), fixtures.store(), Duration.ofHours(1)));
    int oldKeyId = keyIdOf(rotatingCipher.encryptText(WORKSPACE, CALL, Field.SUMMARY, TEXT));
    checksAlways.encryptText(WORKSPACE, CALL, Field.SUMMARY, TEXT);
    checksHourly.encryptText(WORKSPACE, CALL, Field.SUMMARY, TEXT);

    int newKeyId = rotating.rotate(WORKSPACE);

    assertThat(keyIdOf(checksAlways.encryptText(WORKSPACE, CALL, Field.SUMMARY, TEXT)))
        .isEqualTo(newKeyId);
    assertThat(keyIdOf(checksHourly.encryptText(WORKSPACE, CALL, Field.SUMMARY, TEXT)))
        .as("within its max age a process keeps the keyset it cached")
        .isEqualTo(oldKeyId);
  }

  @Test
  void shouldStopUsingKeysetDestroyedElsewhereOnceOlderThanMaxAge() {
    WorkspaceKeyring checksAlways =
        WorkspaceKeyring.of(fixtures.masterKey(), fixtures.store(), Duration.ZERO);
    byte[] ciphertext = rotatingCipher.encryptText(WORKSPACE, CALL, Field.SUMMARY, TEXT);
    FieldCipher cipher = FieldCipher.of(checksAlways);
    assertThat(cipher.decryptText(WORKSPACE, CALL, Field.SUMMARY, ciphertext)).isEqualTo(TEXT);

    rotating.destroy(WORKSPACE);

    assertThatThrownBy(() -> cipher.decryptText(WORKSPACE, CALL, Field.SUMMARY, ciphertext))
        .isInstanceOf(CiphertextRejectedException.class);
  }

  @Test
  void shouldReportPrimaryKeyIdAsStored() {
    assertThat(rotating.primaryKeyId(WORKSPACE)).isEmpty();
    byte[] first = rotatingCipher.encryptText(WORKSPACE, CALL, Field.SUMMARY, TEXT);
    assertThat(rotating.primaryKeyId(WORKSPACE)).hasValue(keyIdOf(first));

    int newKeyId = rotating.rotate(WORKSPACE);

    assertThat(rotating.primaryKeyId(WORKSPACE)).hasValue(newKeyId);
    assertThat(fixtures.keyring().primaryKeyId(WORKSPACE)).hasValue(newKeyId);
  }

  @Test
  void shouldReencryptUnderPrimaryKeyWithSameContext() {
    byte[] old = rotatingCipher.encryptText(WORKSPACE, CALL, Field.INSIGHT, TEXT);
    int newKeyId = rotating.rotate(WORKSPACE);

    byte[] moved = rotatingCipher.reencrypt(WORKSPACE, CALL, Field.INSIGHT, old);

    assertThat(KeyIds.of(moved)).hasValue(newKeyId);
    assertThat(rotatingCipher.decryptText(WORKSPACE, CALL, Field.INSIGHT, moved)).isEqualTo(TEXT);
    assertThatThrownBy(() -> rotatingCipher.decrypt(WORKSPACE, CALL, Field.SUMMARY, moved))
        .as("still bound to its field")
        .isInstanceOf(CiphertextRejectedException.class);
  }

  @Test
  void shouldListWorkspacesWithKeysets() {
    rotatingCipher.encryptText("ws-b", CALL, Field.SUMMARY, TEXT);
    rotatingCipher.encryptText("ws-a", CALL, Field.SUMMARY, TEXT);

    assertThat(fixtures.store().workspaceIds()).containsExactly("ws-a", "ws-b");
  }
}
