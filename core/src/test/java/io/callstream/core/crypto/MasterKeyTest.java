package io.callstream.core.crypto;

import static io.callstream.core.crypto.CryptoFixtures.CALL;
import static io.callstream.core.crypto.CryptoFixtures.WORKSPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.integration.gcpkms.GcpKmsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

  @TempDir Path root;

  @Test
  void shouldCreateOwnerOnlyFileOnFirstStart() throws Exception {
    Path file = root.resolve("secrets").resolve("master.keyset.json");

    MasterKey masterKey = MasterKey.fromUri("file:" + file);

    assertThat(masterKey.uri()).isEqualTo("file:" + file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(Files.readString(file)).contains("AesGcmKey");
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void shouldLoadSameKeyOnLaterStarts() throws Exception {
    Path file = root.resolve("master.keyset.json");
    Aead first = MasterKey.fromUri("file://" + file).aead();
    String content = Files.readString(file);

    Aead second = MasterKey.fromUri("file:" + file).aead();

    assertThat(Files.readString(file)).isEqualTo(content);
    byte[] associatedData = {7};
    assertThat(second.decrypt(first.encrypt(new byte[] {1, 2}, associatedData), associatedData))
        .containsExactly(1, 2);
  }

  @Test
  void shouldAcceptRelativeFilePath() {
    Path relative = Path.of("").toAbsolutePath().relativize(root.resolve("rel.keyset.json"));

    MasterKey masterKey = MasterKey.fromUri("file:" + relative);

    assertThat(masterKey.uri()).isEqualTo("file:" + root.resolve("rel.keyset.json"));
    assertThat(root.resolve("rel.keyset.json")).isRegularFile();
  }

  @Test
  void shouldFailInOneLineWhenMasterFileIsADirectory() throws Exception {
    Path file = Files.createDirectory(root.resolve("master.keyset.json"));

    assertThatThrownBy(() -> MasterKey.fromUri("file:" + file))
        .isInstanceOf(MasterKeyException.class)
        .hasMessage(
            "master key file "
                + file
                + " is a directory, not a keyset file: remove it (the file is created on first"
                + " start) or point CALLSTREAM_MASTER_KEY at another file");
  }

  @Test
  void shouldFailInOneLineWhenMasterFileIsCorrupt() throws Exception {
    Path file = root.resolve("master.keyset.json");
    MasterKey.ofFile(file);
    String content = Files.readString(file);
    Files.writeString(file, content.substring(0, content.length() / 2));

    assertThatThrownBy(() -> MasterKey.ofFile(file))
        .isInstanceOf(MasterKeyException.class)
        .hasMessage(
            "master key file "
                + file
                + " is not a Tink AEAD keyset (corrupt or the wrong file): restore it from a"
                + " backup (a new key cannot decrypt existing data) or point"
                + " CALLSTREAM_MASTER_KEY at another file")
        .hasNoCause();
  }

  @Test
  void shouldFailInOneLineWhenMasterFileIsEmpty() throws Exception {
    Path file = Files.createFile(root.resolve("master.keyset.json"));
    Files.setPosixFilePermissions(file, OwnerOnlyFiles.FILE_PERMISSIONS);

    assertThatThrownBy(() -> MasterKey.ofFile(file))
        .isInstanceOf(MasterKeyException.class)
        .hasMessageContaining("is not a Tink AEAD keyset")
        .hasMessageNotContaining("\n");
  }

  @Test
  void shouldRefuseMasterFileReadableByOthers() throws Exception {
    Path file = root.resolve("master.keyset.json");
    MasterKey.ofFile(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> MasterKey.ofFile(file))
        .isInstanceOf(MasterKeyException.class)
        .hasMessage(
            "master key file "
                + file
                + " is accessible to group or others (rw-r--r--): run chmod 600 "
                + file);
  }

  @Test
  void shouldFailInOneLineWhenMasterFileCannotBeCreated() throws Exception {
    Path blocker = Files.writeString(root.resolve("not-a-directory"), "x");

    assertThatThrownBy(() -> MasterKey.ofFile(blocker.resolve("master.keyset.json")))
        .isInstanceOf(MasterKeyException.class)
        .hasMessageStartingWith("cannot create master key file " + blocker)
        .hasMessageEndingWith("point CALLSTREAM_MASTER_KEY at another file")
        .hasMessageNotContaining("\n");
  }

  @Test
  void shouldRejectUnknownScheme() {
    assertThatThrownBy(() -> MasterKey.fromUri("aws-kms://arn:aws:kms:eu-west-1:1:key/k"))
        .isInstanceOf(MasterKeyException.class)
        .hasMessage(
            "unsupported master key scheme 'aws-kms' in CALLSTREAM_MASTER_KEY: use"
                + " file:/path/to/master.keyset.json or"
                + " gcp-kms://projects/P/locations/L/keyRings/R/cryptoKeys/K");
  }

  @Test
  void shouldNotEchoSettingThatIsNotAUri() {
    String pastedSecret = "c2VjcmV0LWtleS1tYXRlcmlhbA==";

    assertThatThrownBy(() -> MasterKey.fromUri(pastedSecret))
        .isInstanceOf(MasterKeyException.class)
        .hasMessageStartingWith("master key setting CALLSTREAM_MASTER_KEY is not a URI")
        .hasMessageNotContaining(pastedSecret);
    assertThatThrownBy(() -> MasterKey.fromUri(""))
        .isInstanceOf(MasterKeyException.class)
        .hasMessageStartingWith("master key setting CALLSTREAM_MASTER_KEY is not a URI");
  }

  @Test
  void shouldRejectFileUriWithoutPath() {
    assertThatThrownBy(() -> MasterKey.fromUri("file:"))
        .isInstanceOf(MasterKeyException.class)
        .hasMessageContaining("names no file");
  }

  @Test
  void shouldRejectMalformedGcpKmsUri() {
    assertThatThrownBy(() -> MasterKey.fromUri("gcp-kms://projects/p/cryptoKeys/k"))
        .isInstanceOf(MasterKeyException.class)
        .hasMessageContaining(
            "is malformed: use gcp-kms://projects/P/locations/L/keyRings/R/cryptoKeys/K");
  }

  @Test
  void shouldLinkGcpKmsClientWithoutGrpcDependencies() throws Exception {
    // No credentials or network here: only proves the HTTP client's classes are all present,
    // since the gRPC stack is excluded from the build.
    Aead aead =
        new GcpKmsClient().getAead("gcp-kms://projects/p/locations/global/keyRings/r/cryptoKeys/k");

    assertThat(aead).isNotNull();
  }

  @Test
  void shouldWrapWorkspaceKeysetsWithCustomAead() throws Exception {
    Aead aead = TinkAead.aead(TinkAead.newKeyset());
    MasterKey custom = MasterKey.of("test://in-memory", aead);
    FieldCipher cipher =
        FieldCipher.of(WorkspaceKeyring.of(custom, FileKeysetStore.of(root.resolve("keysets"))));

    byte[] ciphertext = cipher.encryptText(WORKSPACE, CALL, Field.SUMMARY, "hi");

    assertThat(cipher.decryptText(WORKSPACE, CALL, Field.SUMMARY, ciphertext)).isEqualTo("hi");
    assertThat(custom).hasToString("MasterKey[test://in-memory]");
  }
}
