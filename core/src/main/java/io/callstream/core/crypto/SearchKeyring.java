package io.callstream.core.crypto;

import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig2026;
import com.google.crypto.tink.prf.PrfSet;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * One Tink HMAC-SHA256 PRF keyset per workspace, the key of its {@link BlindIndex}. Kept apart from
 * the workspace's encryption keyset ({@link WorkspaceKeyring}): its own {@link KeysetStore} (its
 * own directory), so erasing a workspace can destroy it on its own terms, and wrapped by the same
 * {@link MasterKey} with other associated data, so neither keyset ever loads as the other, nor a
 * keyset as another workspace's.
 *
 * <p>No rotation: every stored blind token was made with this key, so a new key would mean
 * re-indexing every transcript of the workspace.
 *
 * <p>Thread-safe. The first use of a workspace in a process reads the store (and, with a KMS master
 * key, makes one remote call), so it may block; later uses only touch memory. After {@link
 * #destroy} in one process, others must {@link #evict} the workspace.
 */
public final class SearchKeyring {

  private final WrappedKeysets<PrfSet> keysets;

  private SearchKeyring(WrappedKeysets<PrfSet> keysets) {
    this.keysets = keysets;
  }

  /** A keyring whose keysets are wrapped by {@code masterKey} and kept in {@code store}. */
  public static SearchKeyring of(MasterKey masterKey, KeysetStore store) {
    return new SearchKeyring(
        new WrappedKeysets<>(masterKey, store, new PrfKeysets(), WorkspaceKeyring.DEFAULT_MAX_AGE));
  }

  /** Whether {@code workspaceId} has a search keyset, that is, has indexed something. */
  public boolean exists(String workspaceId) {
    return keysets.exists(workspaceId);
  }

  /**
   * Deletes the search keyset of {@code workspaceId}: its stored blind tokens can no longer be
   * matched by anyone. A later indexing for the same id starts a new, unrelated keyset.
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

  /** The PRF of {@code workspaceId}, creating its keyset on first use. */
  PrfSet prfForIndexing(String workspaceId) {
    return keysets.getOrCreate(workspaceId);
  }

  /** The PRF of {@code workspaceId}, or empty if it has no keyset; never creates one. */
  Optional<PrfSet> prfForLookup(String workspaceId) {
    return keysets.existing(workspaceId);
  }

  @Override
  public String toString() {
    return "SearchKeyring[" + keysets + "]";
  }

  /**
   * HMAC_SHA256_PRF keysets, wrapped with {@link AssociatedData#forSearchKeyset}, through one
   * explicit configuration ({@link PrfConfig2026}) rather than Tink's global registry.
   */
  private static final class PrfKeysets implements WrappedKeysets.Kind<PrfSet> {

    private static final Configuration CONFIGURATION = PrfConfig2026.get();

    @Override
    public String name() {
      return "search keyset";
    }

    @Override
    public byte[] associatedData(String workspaceId) {
      return AssociatedData.forSearchKeyset(workspaceId);
    }

    @Override
    public Configuration configuration() {
      return CONFIGURATION;
    }

    @Override
    public KeysetHandle newKeyset() throws GeneralSecurityException {
      return KeysetHandle.generateNew(PredefinedPrfParameters.HMAC_SHA256_PRF, CONFIGURATION);
    }

    @Override
    public PrfSet primitive(KeysetHandle keyset) throws GeneralSecurityException {
      return keyset.getPrimitive(CONFIGURATION, PrfSet.class);
    }
  }
}
