package io.callstream.core.crypto;

import static io.callstream.core.crypto.CryptoFixtures.CALL;
import static io.callstream.core.crypto.CryptoFixtures.OTHER_CALL;
import static io.callstream.core.crypto.CryptoFixtures.OTHER_WORKSPACE;
import static io.callstream.core.crypto.CryptoFixtures.WORKSPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldCipherTest {

  private static final String TEXT = "Alice: our budget is 40k, decision by Friday ✓";

  @TempDir Path root;

  private CryptoFixtures fixtures;
  private FieldCipher cipher;

  @BeforeEach
  void setUp() {
    fixtures = CryptoFixtures.in(root);
    cipher = fixtures.cipher();
  }

  @Test
  void shouldRoundTripBytes() {
    byte[] audio = {0, 1, 2, (byte) 0xff, 42};

    byte[] ciphertext = cipher.encrypt(WORKSPACE, CALL, Field.AUDIO, audio);

    assertThat(ciphertext).hasSize(audio.length + 33);
    assertThat(cipher.decrypt(WORKSPACE, CALL, Field.AUDIO, ciphertext)).isEqualTo(audio);
  }

  @Test
  void shouldRoundTripText() {
    byte[] ciphertext = cipher.encryptText(WORKSPACE, CALL, Field.TRANSCRIPT_TEXT, TEXT);

    assertThat(CryptoFixtures.contains(ciphertext, TEXT.getBytes(StandardCharsets.UTF_8)))
        .isFalse();
    assertThat(cipher.decryptText(WORKSPACE, CALL, Field.TRANSCRIPT_TEXT, ciphertext))
        .isEqualTo(TEXT);
  }

  @Test
  void shouldRoundTripEmptyText() {
    byte[] ciphertext = cipher.encryptText(WORKSPACE, CALL, Field.SUMMARY, "");

    assertThat(cipher.decryptText(WORKSPACE, CALL, Field.SUMMARY, ciphertext)).isEmpty();
  }

  @Test
  void shouldGiveDifferentCiphertextsForTheSamePlaintext() {
    assertThat(cipher.encryptText(WORKSPACE, CALL, Field.INSIGHT, TEXT))
        .isNotEqualTo(cipher.encryptText(WORKSPACE, CALL, Field.INSIGHT, TEXT));
  }

  @Test
  void shouldRejectCiphertextMovedToAnotherWorkspace() {
    byte[] ciphertext = cipher.encryptText(WORKSPACE, CALL, Field.TRANSCRIPT_TEXT, TEXT);
    cipher.encryptText(OTHER_WORKSPACE, CALL, Field.TRANSCRIPT_TEXT, "other tenant");

    assertThatThrownBy(
            () -> cipher.decryptText(OTHER_WORKSPACE, CALL, Field.TRANSCRIPT_TEXT, ciphertext))
        .isInstanceOf(CiphertextRejectedException.class)
        .hasMessageContaining("workspace '" + OTHER_WORKSPACE + "'");
  }

  @Test
  void shouldRejectCiphertextMovedToAnotherCall() {
    byte[] ciphertext = cipher.encryptText(WORKSPACE, CALL, Field.TRANSCRIPT_TEXT, TEXT);

    assertThatThrownBy(
            () -> cipher.decryptText(WORKSPACE, OTHER_CALL, Field.TRANSCRIPT_TEXT, ciphertext))
        .isInstanceOf(CiphertextRejectedException.class)
        .hasMessageContaining("call '" + OTHER_CALL + "'");
  }

  @Test
  void shouldRejectCiphertextMovedToAnotherField() {
    byte[] ciphertext = cipher.encryptText(WORKSPACE, CALL, Field.TRANSCRIPT_TEXT, TEXT);

    assertThatThrownBy(() -> cipher.decryptText(WORKSPACE, CALL, Field.SUMMARY, ciphertext))
        .isInstanceOf(CiphertextRejectedException.class)
        .hasMessageContaining("field SUMMARY");
  }

  @Test
  void shouldRejectEveryTamperedByte() {
    byte[] ciphertext = cipher.encryptText(WORKSPACE, CALL, Field.MINDMAP, TEXT);

    for (int i = 0; i < ciphertext.length; i++) {
      byte[] tampered = ciphertext.clone();
      tampered[i] ^= 0x01;
      assertThatThrownBy(() -> cipher.decrypt(WORKSPACE, CALL, Field.MINDMAP, tampered))
          .as("flipped bit in byte %d", i)
          .isInstanceOf(CiphertextRejectedException.class);
    }
  }

  @Test
  void shouldRejectTruncatedCiphertext() {
    byte[] ciphertext = cipher.encryptText(WORKSPACE, CALL, Field.MINDMAP, TEXT);

    assertThatThrownBy(
            () -> cipher.decrypt(WORKSPACE, CALL, Field.MINDMAP, new byte[] {ciphertext[0]}))
        .isInstanceOf(CiphertextRejectedException.class);
  }

  @Test
  void shouldNameContextButNeverPlaintextWhenRejecting() {
    byte[] ciphertext = cipher.encryptText(WORKSPACE, CALL, Field.PARTICIPANTS, TEXT);

    assertThatThrownBy(() -> cipher.decrypt(WORKSPACE, OTHER_CALL, Field.PARTICIPANTS, ciphertext))
        .isInstanceOfSatisfying(
            CiphertextRejectedException.class,
            e -> {
              assertThat(e.workspaceId()).isEqualTo(WORKSPACE);
              assertThat(e.callId()).isEqualTo(OTHER_CALL);
              assertThat(e.field()).isEqualTo(Field.PARTICIPANTS);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "ciphertext rejected for workspace 'ws-acme', call 'call-0002', field"
                          + " PARTICIPANTS: it was not encrypted for this workspace, call and"
                          + " field, or it was altered")
                  .doesNotContain("budget");
            });
  }

  @Test
  void shouldKeepControlCharactersOutOfRejectionMessages() {
    byte[] ciphertext = cipher.encryptText(WORKSPACE, CALL, Field.METADATA, TEXT);

    assertThatThrownBy(
            () -> cipher.decrypt(WORKSPACE, "evil\nINFO forged line", Field.METADATA, ciphertext))
        .hasMessageContaining("call 'evil?INFO forged line'")
        .hasMessageNotContaining("\n");
  }

  @Test
  void shouldRejectCiphertextOfWorkspaceWithoutKeysetAndNotCreateOne() {
    byte[] ciphertext = cipher.encryptText(WORKSPACE, CALL, Field.SUMMARY, TEXT);
    WorkspaceKeyring keyring = fixtures.keyring();

    assertThatThrownBy(
            () -> FieldCipher.of(keyring).decrypt("ws-never-used", CALL, Field.SUMMARY, ciphertext))
        .isInstanceOf(CiphertextRejectedException.class)
        .hasMessageContaining("has no keyset");
    assertThat(keyring.exists("ws-never-used")).isFalse();
  }

  @Test
  void shouldRejectBlankOrNullContext() {
    byte[] plaintext = {1};

    assertThatThrownBy(() -> cipher.encrypt(" ", CALL, Field.AUDIO, plaintext))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workspaceId must not be blank");
    assertThatThrownBy(() -> cipher.encrypt(WORKSPACE, "", Field.AUDIO, plaintext))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("callId must not be blank");
    assertThatThrownBy(() -> cipher.encrypt(WORKSPACE, CALL, null, plaintext))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("field must not be null");
    assertThatThrownBy(() -> cipher.encrypt(WORKSPACE, CALL, Field.AUDIO, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("plaintext must not be null");
  }

  @Test
  void shouldEncryptAndDecryptFromManyThreadsWithOneKeysetPerWorkspace() throws Exception {
    int threads = 8;
    int rounds = 200;
    List<String> workspaces = List.of("ws-c0", "ws-c1", "ws-c2");
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<byte[]>>> results = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Callable<List<byte[]>> work =
            () -> {
              start.await();
              List<byte[]> ciphertexts = new ArrayList<>();
              for (int i = 0; i < rounds; i++) {
                String workspace = workspaces.get((thread + i) % workspaces.size());
                String text = "t" + thread + "-" + i;
                byte[] ciphertext = cipher.encryptText(workspace, CALL, Field.INSIGHT, text);
                assertThat(cipher.decryptText(workspace, CALL, Field.INSIGHT, ciphertext))
                    .isEqualTo(text);
                ciphertexts.add(ciphertext);
              }
              return ciphertexts;
            };
        results.add(pool.submit(work));
      }
      // All threads hit the first use of fresh workspaces at once.
      start.countDown();
      List<List<byte[]>> ciphertextsByThread = new ArrayList<>();
      for (Future<List<byte[]>> result : results) {
        ciphertextsByThread.add(result.get(60, TimeUnit.SECONDS));
      }
      FieldCipher restarted = fixtures.cipher();
      for (int t = 0; t < threads; t++) {
        List<byte[]> ciphertexts = ciphertextsByThread.get(t);
        for (int i = 0; i < rounds; i++) {
          String workspace = workspaces.get((t + i) % workspaces.size());
          // A new keyring reads the stored keysets: had two threads each created one, some of
          // these would fail.
          assertThat(restarted.decryptText(workspace, CALL, Field.INSIGHT, ciphertexts.get(i)))
              .isEqualTo("t" + t + "-" + i);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
