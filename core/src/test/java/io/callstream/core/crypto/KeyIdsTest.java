package io.callstream.core.crypto;

import static io.callstream.core.crypto.CryptoFixtures.CALL;
import static io.callstream.core.crypto.CryptoFixtures.WORKSPACE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyIdsTest {

  @TempDir Path root;

  @Test
  void shouldReadKeyIdOfCiphertextAsItsPrefixSays() {
    FieldCipher cipher = CryptoFixtures.in(root).cipher();
    byte[] ciphertext = cipher.encryptText(WORKSPACE, CALL, Field.MINDMAP, "{}");

    int keyId = KeyIds.of(ciphertext).orElseThrow();

    assertThat(keyId).isEqualTo(CryptoFixtures.keyIdOf(ciphertext));
    assertThat(Arrays.copyOf(ciphertext, KeyIds.PREFIX_LENGTH)).isEqualTo(KeyIds.prefixOf(keyId));
  }

  @Test
  void shouldEncodeKeyIdsWithHighBitSet() {
    byte[] prefix = KeyIds.prefixOf(0x80_00_00_01);

    assertThat(prefix).containsExactly(0x01, 0x80, 0x00, 0x00, 0x01);
    assertThat(KeyIds.of(prefix)).hasValue(0x80_00_00_01);
  }

  @Test
  void shouldFindNoKeyIdWithoutTinkPrefix() {
    assertThat(KeyIds.of(new byte[] {0x00, 1, 2, 3, 4, 5})).isEmpty();
    assertThat(KeyIds.of(new byte[] {0x01, 1, 2})).isEmpty();
  }
}
