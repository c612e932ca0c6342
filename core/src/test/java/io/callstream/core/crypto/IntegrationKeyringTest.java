package io.callstream.core.crypto;

import static io.callstream.core.crypto.CryptoFixtures.OTHER_WORKSPACE;
import static io.callstream.core.crypto.CryptoFixtures.WORKSPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntegrationKeyringTest {

  private static final String SECRET = GeneratedSecrets.providerKey("sk-proj-", "abcd");

  @TempDir Path root;

  private CryptoFixtures fixtures;
  private Path integrationDirectory;
  private IntegrationKeyring keyring;

  @BeforeEach
  void setUp() {
    fixtures = CryptoFixtures.in(root);
    integrationDirectory = root.resolve("integration-keysets");
    keyring = IntegrationKeyring.of(fixtures.masterKey(), FileKeysetStore.of(integrationDirectory));
  }

  @Test
  void shouldOpenWhatItSealed() {
    byte[] sealed = keyring.seal(WORKSPACE, "llm", SECRET);

    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
    assertThat(keyring.open(WORKSPACE, "llm", sealed)).isEqualTo(SECRET);
    assertThat(keyring.exists(WORKSPACE)).isTrue();
  }

  @Test
  void shouldRefuseSecretOfAnotherWorkspaceOrKind() {
    byte[] sealed = keyring.seal(WORKSPACE, "llm", SECRET);
    keyring.seal(OTHER_WORKSPACE, "llm", "other");

    assertThatThrownBy(() -> keyring.open(OTHER_WORKSPACE, "llm", sealed))
        .isInstanceOf(KeyringException.class)
        .hasMessageNotContaining(SECRET);
    assertThatThrownBy(() -> keyring.open(WORKSPACE, "crm", sealed))
        .isInstanceOf(KeyringException.class);
  }

  @Test
  void shouldKeepItsKeysApartFromTheDataKeyset() throws Exception {
    FieldCipher data = fixtures.cipher();
    data.encryptText(WORKSPACE, "llm", Field.CREDENTIAL, "anything");
    byte[] sealed = keyring.seal(WORKSPACE, "llm", SECRET);

    assertThatThrownBy(() -> data.decrypt(WORKSPACE, "llm", Field.CREDENTIAL, sealed))
        .as("the data keyset cannot open an integration secret")
        .isInstanceOf(CiphertextRejectedException.class);
    // Nor does the integration keyset load as a data keyset, even in the data keyset's place.
    Path copied = root.resolve("copied");
    FileKeysetStore copy = FileKeysetStore.of(copied);
    copy.saveIfAbsent(
        WORKSPACE, Files.readAllBytes(integrationDirectory.resolve(WORKSPACE + ".keyset")));
    FieldCipher misplaced = FieldCipher.of(WorkspaceKeyring.of(fixtures.masterKey(), copy));
    assertThatThrownBy(() -> misplaced.decrypt(WORKSPACE, "llm", Field.CREDENTIAL, sealed))
        .isInstanceOf(KeyringException.class);
  }

  @Test
  void shouldMakeSecretsUnreadableOnDestroy() {
    byte[] sealed = keyring.seal(WORKSPACE, "llm", SECRET);

    assertThat(keyring.destroy(WORKSPACE)).isTrue();

    assertThatThrownBy(() -> keyring.open(WORKSPACE, "llm", sealed))
        .isInstanceOf(KeyringException.class);
  }
}
