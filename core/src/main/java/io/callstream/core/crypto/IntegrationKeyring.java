package io.callstream.core.crypto;

import com.google.crypto.tink.Aead;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.Optional;

/**
 * Encrypts a workspace's integration secrets (its own LLM provider's API key, say) under a second
 * key of the workspace, apart from the keyset that encrypts its call data ({@link
 * WorkspaceKeyring}): one AES256_GCM keyset per workspace in a {@link KeysetStore} of its own (its
 * own directory), wrapped by the same {@link MasterKey} with other associated data, so neither
 * keyset ever loads as the other. A leaked data keyset so opens no credentials, and the other way
 * round. Each secret's associated data binds it to its workspace and kind ({@code llm}), so a
 * secret copied to another workspace or kind does not decrypt.
 *
 * <p>Thread-safe. The first use of a workspace in a process reads the store, so it may block; after
 * {@link #destroy} in one process, others stop using their cached key within {@link
 * WorkspaceKeyring#DEFAULT_MAX_AGE}, or at once on {@link #evict}.
 */
public final class IntegrationKeyring {

  private final WrappedKeysets<Aead> keysets;

  private IntegrationKeyring(WrappedKeysets<Aead> keysets) {
    this.keysets = keysets;
  }

  /** A keyring whose keysets are wrapped by {@code masterKey} and kept in {@code store}. */
  public static IntegrationKeyring of(MasterKey masterKey, KeysetStore store) {
    return new IntegrationKeyring(
        new WrappedKeysets<>(
            masterKey,
            store,
            AeadKeysets.of("integration keyset", AssociatedData::forIntegrationKeyset),
            WorkspaceKeyring.DEFAULT_MAX_AGE));
  }

  /**
   * Encrypts {@code secret} as the {@code kind} integration secret of {@code workspaceId}, creating
   * the workspace's integration keyset on first use.
   *
   * @throws KeyringException if the keyset cannot be created or unwrapped
   */
  public byte[] seal(String workspaceId, String kind, String secret) {
    checkContext(workspaceId, kind);
    Objects.requireNonNull(secret, "secret must not be null");
    try {
      return keysets
          .getOrCreate(workspaceId)
          .encrypt(
              secret.getBytes(StandardCharsets.UTF_8),
              AssociatedData.forIntegration(workspaceId, kind));
    } catch (GeneralSecurityException e) {
      throw new KeyringException(
          "cannot encrypt the " + kind + " secret of workspace " + workspaceId, e);
    }
  }

  /**
   * Decrypts a secret made by {@link #seal} for the same workspace and kind.
   *
   * @throws KeyringException if it does not decrypt: another workspace's or kind's, altered, or the
   *     keyset was destroyed (the message never holds the secret)
   */
  public String open(String workspaceId, String kind, byte[] sealed) {
    checkContext(workspaceId, kind);
    Objects.requireNonNull(sealed, "sealed must not be null");
    Optional<Aead> aead = keysets.existing(workspaceId);
    if (aead.isEmpty()) {
      throw new KeyringException(
          "the " + kind + " secret of workspace " + workspaceId + " has no key (destroyed?)");
    }
    try {
      byte[] plaintext =
          aead.get().decrypt(sealed, AssociatedData.forIntegration(workspaceId, kind));
      return new String(plaintext, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new KeyringException(
          "the "
              + kind
              + " secret of workspace "
              + workspaceId
              + " does not decrypt: it belongs elsewhere or was altered",
          e);
    }
  }

  /** Whether {@code workspaceId} has an integration keyset, that is, has sealed something. */
  public boolean exists(String workspaceId) {
    return keysets.exists(workspaceId);
  }

  /**
   * Deletes the integration keyset of {@code workspaceId}: its stored secrets become unreadable.
   *
   * @return {@code true} if a keyset existed
   */
  public boolean destroy(String workspaceId) {
    return keysets.destroy(workspaceId);
  }

  /** Forgets the cached key of {@code workspaceId}, so the next use reads the store again. */
  public void evict(String workspaceId) {
    keysets.evict(workspaceId);
  }

  private static void checkContext(String workspaceId, String kind) {
    WorkspaceKeyring.checkWorkspaceId(workspaceId);
    Objects.requireNonNull(kind, "kind must not be null");
    if (kind.isBlank()) {
      throw new IllegalArgumentException("kind must not be blank");
    }
  }

  @Override
  public String toString() {
    return "IntegrationKeyring[" + keysets + "]";
  }
}
