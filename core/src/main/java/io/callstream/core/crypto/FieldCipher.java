package io.callstream.core.crypto;

import com.google.crypto.tink.Aead;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.Optional;

/**
 * Encrypts and decrypts call content with the keyset of its workspace. The associated data binds
 * every ciphertext to its workspace, call and {@link Field}, so a ciphertext moved to another
 * workspace, call or field, or altered in any bit, is rejected instead of decrypted.
 *
 * <p>A ciphertext is Tink's AEAD output: a 5-byte key-id prefix ({@link KeyIds}), a 12-byte nonce,
 * the encrypted bytes and a 16-byte tag (33 bytes more than the plaintext). Encrypting the same
 * plaintext twice gives different ciphertexts.
 *
 * <p>Thread-safe. The first use of a workspace may block on the {@link KeysetStore} (see {@link
 * WorkspaceKeyring}); callers on an event loop should make that first call elsewhere.
 */
public final class FieldCipher {

  private static final String AUTHENTICATION_FAILED =
      "it was not encrypted for this workspace, call and field, or it was altered";

  private final WorkspaceKeyring keyring;

  private FieldCipher(WorkspaceKeyring keyring) {
    this.keyring = keyring;
  }

  /** A cipher that takes each workspace's keys from {@code keyring}. */
  public static FieldCipher of(WorkspaceKeyring keyring) {
    Objects.requireNonNull(keyring, "keyring must not be null");
    return new FieldCipher(keyring);
  }

  /**
   * Encrypts {@code plaintext} as {@code field} of call {@code callId} in {@code workspaceId},
   * creating the workspace keyset on first use.
   *
   * @throws KeyringException if the workspace keyset cannot be created or unwrapped
   */
  public byte[] encrypt(String workspaceId, String callId, Field field, byte[] plaintext) {
    checkContext(workspaceId, callId, field);
    Objects.requireNonNull(plaintext, "plaintext must not be null");
    Aead aead = keyring.aeadForEncryption(workspaceId);
    try {
      return aead.encrypt(plaintext, AssociatedData.forField(workspaceId, callId, field));
    } catch (GeneralSecurityException e) {
      throw new KeyringException(
          "cannot encrypt " + field + " for workspace " + workspaceId + ", call " + callId, e);
    }
  }

  /**
   * Decrypts a ciphertext made by {@link #encrypt} with the same workspace, call and field.
   *
   * @throws CiphertextRejectedException if the ciphertext belongs elsewhere, was altered, or its
   *     workspace keyset was destroyed
   * @throws KeyringException if the workspace keyset cannot be unwrapped
   */
  public byte[] decrypt(String workspaceId, String callId, Field field, byte[] ciphertext) {
    checkContext(workspaceId, callId, field);
    Objects.requireNonNull(ciphertext, "ciphertext must not be null");
    Optional<Aead> aead = keyring.aeadForDecryption(workspaceId);
    if (aead.isEmpty()) {
      throw new CiphertextRejectedException(
          workspaceId,
          callId,
          field,
          "the workspace has no keyset (destroyed, or never used to encrypt)",
          null);
    }
    byte[] associatedData = AssociatedData.forField(workspaceId, callId, field);
    try {
      return aead.get().decrypt(ciphertext, associatedData);
    } catch (GeneralSecurityException e) {
      // Made under a key another process added after this one cached the keyset?
      Optional<Aead> reloaded = keyring.aeadReloadedFor(workspaceId, ciphertext);
      if (reloaded.isPresent()) {
        try {
          return reloaded.get().decrypt(ciphertext, associatedData);
        } catch (GeneralSecurityException again) {
          e.addSuppressed(again);
        }
      }
      throw new CiphertextRejectedException(workspaceId, callId, field, AUTHENTICATION_FAILED, e);
    }
  }

  /**
   * {@code ciphertext} decrypted and encrypted again under the workspace's primary key, with the
   * same workspace, call and field: what re-encryption after a key rotation does to each value.
   *
   * @throws CiphertextRejectedException if the ciphertext does not decrypt (see {@link #decrypt})
   */
  public byte[] reencrypt(String workspaceId, String callId, Field field, byte[] ciphertext) {
    return encrypt(workspaceId, callId, field, decrypt(workspaceId, callId, field, ciphertext));
  }

  /** Encrypts the UTF-8 bytes of {@code plaintext}; see {@link #encrypt}. */
  public byte[] encryptText(String workspaceId, String callId, Field field, String plaintext) {
    Objects.requireNonNull(plaintext, "plaintext must not be null");
    return encrypt(workspaceId, callId, field, plaintext.getBytes(StandardCharsets.UTF_8));
  }

  /** Decrypts a ciphertext made by {@link #encryptText}; see {@link #decrypt}. */
  public String decryptText(String workspaceId, String callId, Field field, byte[] ciphertext) {
    return new String(decrypt(workspaceId, callId, field, ciphertext), StandardCharsets.UTF_8);
  }

  private static void checkContext(String workspaceId, String callId, Field field) {
    WorkspaceKeyring.checkWorkspaceId(workspaceId);
    Objects.requireNonNull(callId, "callId must not be null");
    if (callId.isBlank()) {
      throw new IllegalArgumentException("callId must not be blank");
    }
    Objects.requireNonNull(field, "field must not be null");
  }
}
