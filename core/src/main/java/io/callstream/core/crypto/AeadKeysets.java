package io.callstream.core.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.KeysetHandle;
import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.function.Function;

/**
 * AES256_GCM keysets ({@link TinkAead}) under a name and associated data of their own: what the
 * data keysets of {@link WorkspaceKeyring} and the integration keysets of {@link
 * IntegrationKeyring} share, the associated data keeping either from loading as the other.
 *
 * <p>Stateless and thread-safe.
 */
final class AeadKeysets implements WrappedKeysets.Kind<Aead> {

  private final String name;
  private final Function<String, byte[]> associatedData;

  private AeadKeysets(String name, Function<String, byte[]> associatedData) {
    this.name = Objects.requireNonNull(name, "name must not be null");
    this.associatedData = Objects.requireNonNull(associatedData, "associatedData must not be null");
  }

  /**
   * Keysets named {@code name} in messages and logs, wrapped with {@code associatedData} of the
   * workspace id.
   */
  static AeadKeysets of(String name, Function<String, byte[]> associatedData) {
    return new AeadKeysets(name, associatedData);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte[] associatedData(String workspaceId) {
    return associatedData.apply(workspaceId);
  }

  @Override
  public Configuration configuration() {
    return TinkAead.CONFIGURATION;
  }

  @Override
  public KeysetHandle newKeyset() throws GeneralSecurityException {
    return TinkAead.newKeyset();
  }

  @Override
  public Aead primitive(KeysetHandle keyset) throws GeneralSecurityException {
    return TinkAead.aead(keyset);
  }
}
