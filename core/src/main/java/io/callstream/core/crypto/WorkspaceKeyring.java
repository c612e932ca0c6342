package io.callstream.core.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Tink AES256_GCM keyset per workspace, created on first encryption, kept in a {@link
 * KeysetStore} wrapped by the {@link MasterKey} with the workspace id as associated data (so a
 * keyset copied to another workspace does not load), and cached as a primitive after first use.
 *
 * <p>Rotation adds a new primary key and keeps the old ones, so old ciphertext still decrypts.
 * Destruction deletes the keyset: every ciphertext of the workspace becomes unreadable for good.
 *
 * <p>Each process caches independently, so a rotation or destruction in one process reaches the
 * others in two ways: a ciphertext under a key id their cached keyset lacks makes them read the
 * store again at once (so data under a new key decrypts everywhere as soon as it exists), and a
 * cached keyset older than {@code maxAge} ({@link #DEFAULT_MAX_AGE} unless given) is checked
 * against the store on its next use (so every process encrypts under a new primary key, and stops
 * using a destroyed keyset, within {@code maxAge}). {@link #evict} makes that happen at once.
 *
 * <p>Thread-safe. The first use of a workspace in a process reads the store (and, with a KMS master
 * key, makes one remote call), so it may block; later uses only touch memory, but for one store
 * read per workspace every {@code maxAge} (the master key is asked again only if the stored keyset
 * changed).
 */
public final class WorkspaceKeyring {

  private static final Logger log = LoggerFactory.getLogger(WorkspaceKeyring.class);

  /**
   * How long a process uses a cached keyset before it checks the store again: the longest another
   * process keeps encrypting under the old primary key after a rotation.
   */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(1);

  /** Compare-and-swap attempts before a rotation gives up on a store that keeps changing. */
  private static final int ROTATE_ATTEMPTS = 5;

  private final WrappedKeysets<Aead> keysets;

  private WorkspaceKeyring(WrappedKeysets<Aead> keysets) {
    this.keysets = keysets;
  }

  /**
   * A keyring whose keysets are wrapped by {@code masterKey} and kept in {@code store}, checked
   * against the store every {@link #DEFAULT_MAX_AGE}.
   */
  public static WorkspaceKeyring of(MasterKey masterKey, KeysetStore store) {
    return of(masterKey, store, DEFAULT_MAX_AGE);
  }

  /**
   * A keyring whose keysets are wrapped by {@code masterKey} and kept in {@code store}; a cached
   * keyset is checked against the store when it is older than {@code maxAge} ({@link
   * Duration#ZERO}: on every use).
   */
  public static WorkspaceKeyring of(MasterKey masterKey, KeysetStore store, Duration maxAge) {
    return new WorkspaceKeyring(
        new WrappedKeysets<>(
            masterKey, store, AeadKeysets.of("keyset", AssociatedData::forKeyset), maxAge));
  }

  /**
   * Whether {@code workspaceId} has a keyset, that is, has encrypted something and not been
   * destroyed.
   */
  public boolean exists(String workspaceId) {
    return keysets.exists(workspaceId);
  }

  /**
   * Adds a fresh key to the keyset of {@code workspaceId} and makes it primary: new ciphertext uses
   * it, old ciphertext still decrypts with the old keys.
   *
   * @return the id of the new primary key (the key id in the prefix of Tink ciphertexts)
   * @throws IllegalStateException if the workspace has no keyset (never used, or destroyed)
   * @throws KeyringException if the stored keyset cannot be unwrapped or keeps changing
   */
  public int rotate(String workspaceId) {
    checkWorkspaceId(workspaceId);
    KeysetStore store = keysets.store();
    synchronized (keysets.lockOf(workspaceId)) {
      for (int attempt = 0; attempt < ROTATE_ATTEMPTS; attempt++) {
        byte[] stored =
            store
                .load(workspaceId)
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "workspace " + workspaceId + " has no keyset to rotate"));
        KeysetHandle rotated;
        byte[] wrapped;
        Aead aead;
        try {
          rotated = TinkAead.withNewPrimary(keysets.unwrap(workspaceId, stored));
          wrapped = keysets.wrap(workspaceId, rotated);
          aead = keysets.primitive(rotated);
        } catch (GeneralSecurityException e) {
          throw new KeyringException("cannot rotate keyset of workspace " + workspaceId, e);
        }
        if (store.replace(workspaceId, stored, wrapped)) {
          keysets.cache(workspaceId, rotated, wrapped, aead);
          int primaryId = rotated.getPrimary().getId();
          log.info("rotated keyset of workspace {}: new primary key {}", workspaceId, primaryId);
          return primaryId;
        }
        // Another process rotated or destroyed it in between; start over from what is stored now.
      }
      throw new KeyringException(
          "cannot rotate keyset of workspace "
              + workspaceId
              + ": it changed in the store during each of "
              + ROTATE_ATTEMPTS
              + " attempts");
    }
  }

  /**
   * The id of the primary key of {@code workspaceId} (the one new ciphertext is made with, and the
   * key id in its prefix: see {@link KeyIds}), or empty if the workspace has no keyset. As cached,
   * within {@code maxAge}: {@link #evict} first to read the store now.
   *
   * @throws KeyringException if the stored keyset cannot be unwrapped
   */
  public OptionalInt primaryKeyId(String workspaceId) {
    return keysets.primaryKeyId(workspaceId);
  }

  /**
   * Deletes the keyset of {@code workspaceId} (crypto-shredding): all of its ciphertext becomes
   * unreadable. A later encryption for the same id starts a new, unrelated keyset.
   *
   * @return {@code true} if a keyset existed
   */
  public boolean destroy(String workspaceId) {
    return keysets.destroy(workspaceId);
  }

  /**
   * Forgets the cached keys of {@code workspaceId}, so the next use reads the store again; for
   * keysets rotated or destroyed by another process.
   */
  public void evict(String workspaceId) {
    keysets.evict(workspaceId);
  }

  /** The AEAD of {@code workspaceId}, creating its keyset on first use. */
  Aead aeadForEncryption(String workspaceId) {
    return keysets.getOrCreate(workspaceId);
  }

  /** The AEAD of {@code workspaceId}, or empty if it has no keyset; never creates one. */
  Optional<Aead> aeadForDecryption(String workspaceId) {
    return keysets.existing(workspaceId);
  }

  /**
   * The AEAD of {@code workspaceId} read again from the store, if {@code ciphertext} names a key
   * the cached keyset lacks and the stored one has (another process rotated); else empty.
   */
  Optional<Aead> aeadReloadedFor(String workspaceId, byte[] ciphertext) {
    OptionalInt keyId = KeyIds.of(ciphertext);
    return keyId.isPresent() ? keysets.reloadFor(workspaceId, keyId.getAsInt()) : Optional.empty();
  }

  static void checkWorkspaceId(@Nullable String workspaceId) {
    Objects.requireNonNull(workspaceId, "workspaceId must not be null");
    if (workspaceId.isBlank()) {
      throw new IllegalArgumentException("workspaceId must not be blank");
    }
  }

  @Override
  public String toString() {
    return "WorkspaceKeyring[" + keysets + "]";
  }
}
