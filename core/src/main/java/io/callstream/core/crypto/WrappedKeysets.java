package io.callstream.core.crypto;

import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Tink keyset of one {@link Kind} per workspace: created on first use, kept in a {@link
 * KeysetStore} wrapped by the {@link MasterKey} with the kind's associated data (so a keyset copied
 * to another workspace, or passed off as another kind, does not load), and cached as a primitive
 * after first use. What {@link WorkspaceKeyring} and {@link SearchKeyring} share.
 *
 * <p>Thread-safe. The first use of a workspace reads the store (and, with a KMS master key, makes
 * one remote call), so it may block; later uses only touch memory.
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

  private final MasterKey masterKey;
  private final KeysetStore store;
  private final Kind<P> kind;
  private final ConcurrentMap<String, P> primitives = new ConcurrentHashMap<>();

  /**
   * One lock per workspace, so a slow first use of one never holds up another; a few bytes per
   * workspace this process has seen, kept for its lifetime.
   */
  private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

  WrappedKeysets(MasterKey masterKey, KeysetStore store, Kind<P> kind) {
    this.masterKey = Objects.requireNonNull(masterKey, "masterKey must not be null");
    this.store = Objects.requireNonNull(store, "store must not be null");
    this.kind = Objects.requireNonNull(kind, "kind must not be null");
  }

  KeysetStore store() {
    return store;
  }

  /** Whether {@code workspaceId} has a keyset of this kind. */
  boolean exists(String workspaceId) {
    return primitives.containsKey(workspaceId) || store.load(workspaceId).isPresent();
  }

  /** The primitive of {@code workspaceId}, creating its keyset on first use. */
  P getOrCreate(String workspaceId) {
    P cached = primitives.get(workspaceId);
    if (cached != null) {
      return cached;
    }
    synchronized (lockOf(workspaceId)) {
      P primitive = loadLocked(workspaceId);
      if (primitive != null) {
        return primitive;
      }
      try {
        KeysetHandle keyset = kind.newKeyset();
        if (store.saveIfAbsent(workspaceId, wrap(workspaceId, keyset))) {
          primitive = kind.primitive(keyset);
          primitives.put(workspaceId, primitive);
          log.info("created {} of workspace {}", kind.name(), workspaceId);
          return primitive;
        }
      } catch (GeneralSecurityException e) {
        throw new KeyringException(
            "cannot create " + kind.name() + " of workspace " + workspaceId, e);
      }
      // Another process created it between our load and our save; use theirs.
      primitive = loadLocked(workspaceId);
      if (primitive == null) {
        throw new KeyringException(
            kind.name() + " of workspace " + workspaceId + " was created and deleted concurrently");
      }
      return primitive;
    }
  }

  /** The primitive of {@code workspaceId}, or empty if it has no keyset; never creates one. */
  Optional<P> existing(String workspaceId) {
    P cached = primitives.get(workspaceId);
    if (cached != null) {
      return Optional.of(cached);
    }
    synchronized (lockOf(workspaceId)) {
      return Optional.ofNullable(loadLocked(workspaceId));
    }
  }

  /** Deletes the keyset of {@code workspaceId}; {@code true} if one existed. */
  boolean destroy(String workspaceId) {
    synchronized (lockOf(workspaceId)) {
      primitives.remove(workspaceId);
      boolean existed = store.delete(workspaceId);
      log.info("destroyed {} of workspace {} (existed: {})", kind.name(), workspaceId, existed);
      return existed;
    }
  }

  /** Forgets the cached primitive of {@code workspaceId}. */
  void evict(String workspaceId) {
    primitives.remove(workspaceId);
  }

  /** Caches {@code primitive} as the one of {@code workspaceId}; under its lock. */
  void cache(String workspaceId, P primitive) {
    primitives.put(workspaceId, primitive);
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

  private @Nullable P loadLocked(String workspaceId) {
    P cached = primitives.get(workspaceId);
    if (cached != null) {
      return cached;
    }
    Optional<byte[]> stored = store.load(workspaceId);
    if (stored.isEmpty()) {
      return null;
    }
    try {
      P primitive = kind.primitive(unwrap(workspaceId, stored.get()));
      primitives.put(workspaceId, primitive);
      return primitive;
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
