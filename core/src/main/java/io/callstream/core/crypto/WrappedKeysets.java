package io.callstream.core.crypto;

import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Tink keyset of one {@link Kind} per workspace: created on first use, kept in a {@link
 * KeysetStore} wrapped by the {@link MasterKey} with the kind's associated data (so a keyset copied
 * to another workspace, or passed off as another kind, does not load), and cached as a primitive
 * after first use. What {@link WorkspaceKeyring}, {@link SearchKeyring} and {@link
 * IntegrationKeyring} share.
 *
 * <p>Other processes may rotate or destroy a keyset behind this one's cache. Two things bound how
 * long this process acts on what it cached: a cached keyset older than {@code maxAge} is checked
 * against the store on its next use (one store read; the master key is only asked again when the
 * stored bytes changed), and a ciphertext under a key id the cached keyset lacks makes the caller
 * {@link #reloadFor reload} at once.
 *
 * <p>The operations a keyring passes on ({@link #exists}, {@link #getOrCreate}, {@link #existing},
 * {@link #primaryKeyId}, {@link #reloadFor}, {@link #destroy}, {@link #evict}) check the workspace
 * id first ({@link WorkspaceKeyring#checkWorkspaceId}), so the keyrings need not.
 *
 * <p>Thread-safe. The first use of a workspace reads the store (and, with a KMS master key, makes
 * one remote call), so it may block; later uses only touch memory, except one store read per
 * workspace every {@code maxAge}.
 *
 * @param <P> the primitive a keyset is used through
 */
final class WrappedKeysets<P> {

  private static final Logger log = LoggerFactory.getLogger(WrappedKeysets.class);

  /** What differs between kinds of workspace keyset. Implementations are stateless. */
  interface Kind<P> {

    /** How messages and logs name such a keyset, for example {@code keyset}. */
    String name();

    /** The associated data the master key wraps the keyset of {@code workspaceId} with. */
    byte[] associatedData(String workspaceId);

    /** The Tink configuration that parses such keysets and makes their primitives. */
    Configuration configuration();

    /** A new keyset holding one fresh key. */
    KeysetHandle newKeyset() throws GeneralSecurityException;

    /** The primitive of {@code keyset}; thread-safe, as all Tink primitives are. */
    P primitive(KeysetHandle keyset) throws GeneralSecurityException;
  }

  /**
   * A workspace's keyset as this process holds it: its primitive, the wrapped bytes it was read
   * from (to tell a changed store from an unchanged one without the master key), its key ids and
   * when it was last checked against the store.
   */
  record Loaded<P>(
      P primitive, byte[] wrapped, Set<Integer> keyIds, int primaryKeyId, long checkedAt) {

    Loaded<P> checkedAt(long now) {
      return new Loaded<>(primitive, wrapped, keyIds, primaryKeyId, now);
    }
  }

  private final MasterKey masterKey;
  private final KeysetStore store;
  private final Kind<P> kind;
  private final long maxAgeNanos;
  private final LongSupplier nanoTime;
  private final ConcurrentMap<String, Loaded<P>> loaded = new ConcurrentHashMap<>();

  /**
   * One lock per workspace, so a slow first use of one never holds up another; a few bytes per
   * workspace this process has seen, kept for its lifetime.
   */
  private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

  WrappedKeysets(MasterKey masterKey, KeysetStore store, Kind<P> kind, Duration maxAge) {
    this(masterKey, store, kind, maxAge, System::nanoTime);
  }

  WrappedKeysets(
      MasterKey masterKey,
      KeysetStore store,
      Kind<P> kind,
      Duration maxAge,
      LongSupplier nanoTime) {
    this.masterKey = Objects.requireNonNull(masterKey, "masterKey must not be null");
    this.store = Objects.requireNonNull(store, "store must not be null");
    this.kind = Objects.requireNonNull(kind, "kind must not be null");
    Objects.requireNonNull(maxAge, "maxAge must not be null");
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge must not be negative");
    }
    this.maxAgeNanos = maxAge.toNanos();
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime must not be null");
  }

  KeysetStore store() {
    return store;
  }

  /** Whether {@code workspaceId} has a keyset of this kind. */
  boolean exists(String workspaceId) {
    WorkspaceKeyring.checkWorkspaceId(workspaceId);
    return loaded.containsKey(workspaceId) || store.load(workspaceId).isPresent();
  }

  /** The primitive of {@code workspaceId}, creating its keyset on first use. */
  P getOrCreate(String workspaceId) {
    WorkspaceKeyring.checkWorkspaceId(workspaceId);
    Loaded<P> cached = fresh(workspaceId);
    if (cached != null) {
      return cached.primitive();
    }
    synchronized (lockOf(workspaceId)) {
      Loaded<P> current = currentLocked(workspaceId);
      if (current != null) {
        return current.primitive();
      }
      try {
        KeysetHandle keyset = kind.newKeyset();
        byte[] wrapped = wrap(workspaceId, keyset);
        if (store.saveIfAbsent(workspaceId, wrapped)) {
          P primitive = kind.primitive(keyset);
          cache(workspaceId, keyset, wrapped, primitive);
          log.info("created {} of workspace {}", kind.name(), workspaceId);
          return primitive;
        }
      } catch (GeneralSecurityException e) {
        throw new KeyringException(
            "cannot create " + kind.name() + " of workspace " + workspaceId, e);
      }
      // Another process created it between our load and our save; use theirs.
      current = currentLocked(workspaceId);
      if (current == null) {
        throw new KeyringException(
            kind.name() + " of workspace " + workspaceId + " was created and deleted concurrently");
      }
      return current.primitive();
    }
  }

  /** The primitive of {@code workspaceId}, or empty if it has no keyset; never creates one. */
  Optional<P> existing(String workspaceId) {
    WorkspaceKeyring.checkWorkspaceId(workspaceId);
    return Optional.ofNullable(current(workspaceId)).map(Loaded::primitive);
  }

  /** The id of the primary key of {@code workspaceId}, or empty if it has no keyset. */
  OptionalInt primaryKeyId(String workspaceId) {
    WorkspaceKeyring.checkWorkspaceId(workspaceId);
    Loaded<P> current = current(workspaceId);
    return current == null ? OptionalInt.empty() : OptionalInt.of(current.primaryKeyId());
  }

  /**
   * The primitive of {@code workspaceId} read again from the store, if the cached one lacks key
   * {@code keyId} and the stored one has it: for a ciphertext made after another process rotated.
   * Empty when the cached keyset already has the key (so the ciphertext is bad, not new) or the
   * store does not have it either.
   */
  Optional<P> reloadFor(String workspaceId, int keyId) {
    WorkspaceKeyring.checkWorkspaceId(workspaceId);
    Loaded<P> cached = loaded.get(workspaceId);
    if (cached != null && cached.keyIds().contains(keyId)) {
      return Optional.empty();
    }
    synchronized (lockOf(workspaceId)) {
      Loaded<P> current = loaded.get(workspaceId);
      if (current == null || !current.keyIds().contains(keyId)) {
        current = revalidateLocked(workspaceId, current);
      }
      return current != null && current.keyIds().contains(keyId)
          ? Optional.of(current.primitive())
          : Optional.empty();
    }
  }

  /** Deletes the keyset of {@code workspaceId}; {@code true} if one existed. */
  boolean destroy(String workspaceId) {
    WorkspaceKeyring.checkWorkspaceId(workspaceId);
    synchronized (lockOf(workspaceId)) {
      loaded.remove(workspaceId);
      boolean existed = store.delete(workspaceId);
      log.info("destroyed {} of workspace {} (existed: {})", kind.name(), workspaceId, existed);
      return existed;
    }
  }

  /** Forgets the cached primitive of {@code workspaceId}. */
  void evict(String workspaceId) {
    WorkspaceKeyring.checkWorkspaceId(workspaceId);
    loaded.remove(workspaceId);
  }

  /**
   * Caches {@code keyset}, stored as {@code wrapped}, with its {@code primitive} as the one of
   * {@code workspaceId}; under its lock.
   */
  void cache(String workspaceId, KeysetHandle keyset, byte[] wrapped, P primitive) {
    Set<Integer> keyIds = new HashSet<>();
    for (int i = 0; i < keyset.size(); i++) {
      keyIds.add(keyset.getAt(i).getId());
    }
    loaded.put(
        workspaceId,
        new Loaded<>(
            primitive,
            wrapped.clone(),
            Set.copyOf(keyIds),
            keyset.getPrimary().getId(),
            nanoTime.getAsLong()));
  }

  /** The lock that orders changes to the keyset of {@code workspaceId} in this process. */
  Object lockOf(String workspaceId) {
    return locks.computeIfAbsent(workspaceId, id -> new Object());
  }

  /** The keyset {@code wrapped}, unwrapped as the one of {@code workspaceId}. */
  KeysetHandle unwrap(String workspaceId, byte[] wrapped) {
    try {
      return TinkProtoKeysetFormat.parseEncryptedKeyset(
          wrapped, masterKey.aead(), kind.associatedData(workspaceId), kind.configuration());
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new KeyringException(
          kind.name()
              + " of workspace "
              + workspaceId
              + " cannot be unwrapped with master key "
              + masterKey.uri()
              + ": the master key differs from the one that wrapped it or is unreachable, or the"
              + " stored keyset is corrupt or belongs to another workspace",
          e);
    }
  }

  /** {@code keyset} wrapped as the one of {@code workspaceId}. */
  byte[] wrap(String workspaceId, KeysetHandle keyset) throws GeneralSecurityException {
    return TinkProtoKeysetFormat.serializeEncryptedKeyset(
        keyset, masterKey.aead(), kind.associatedData(workspaceId), kind.configuration());
  }

  /** The primitive of {@code keyset}. */
  P primitive(KeysetHandle keyset) throws GeneralSecurityException {
    return kind.primitive(keyset);
  }

  /** The cached keyset of {@code workspaceId} if checked within {@code maxAge}, else null. */
  private @Nullable Loaded<P> fresh(String workspaceId) {
    Loaded<P> cached = loaded.get(workspaceId);
    return cached != null && nanoTime.getAsLong() - cached.checkedAt() <= maxAgeNanos
        ? cached
        : null;
  }

  /** The keyset of {@code workspaceId}, checked within {@code maxAge}; null if it has none. */
  private @Nullable Loaded<P> current(String workspaceId) {
    Loaded<P> cached = fresh(workspaceId);
    if (cached != null) {
      return cached;
    }
    synchronized (lockOf(workspaceId)) {
      return currentLocked(workspaceId);
    }
  }

  private @Nullable Loaded<P> currentLocked(String workspaceId) {
    Loaded<P> cached = fresh(workspaceId);
    return cached != null ? cached : revalidateLocked(workspaceId, loaded.get(workspaceId));
  }

  /**
   * Reads the store again: the cached keyset stays (as checked now) if the stored bytes are the
   * same, is replaced if they differ, and is forgotten if the store has none (destroyed elsewhere).
   */
  private @Nullable Loaded<P> revalidateLocked(String workspaceId, @Nullable Loaded<P> cached) {
    Optional<byte[]> stored = store.load(workspaceId);
    if (stored.isEmpty()) {
      if (cached != null) {
        loaded.remove(workspaceId);
        log.info("{} of workspace {} is gone from the store; forgot it", kind.name(), workspaceId);
      }
      return null;
    }
    long now = nanoTime.getAsLong();
    if (cached != null && Arrays.equals(cached.wrapped(), stored.get())) {
      Loaded<P> checked = cached.checkedAt(now);
      loaded.put(workspaceId, checked);
      return checked;
    }
    try {
      KeysetHandle keyset = unwrap(workspaceId, stored.get());
      cache(workspaceId, keyset, stored.get(), kind.primitive(keyset));
      if (cached != null) {
        log.info(
            "reloaded {} of workspace {}: primary key {}",
            kind.name(),
            workspaceId,
            keyset.getPrimary().getId());
      }
      return loaded.get(workspaceId);
    } catch (GeneralSecurityException e) {
      throw new KeyringException(
          "cannot use " + kind.name() + " of workspace " + workspaceId + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return masterKey.uri() + ", " + store;
  }
}
