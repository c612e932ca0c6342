package io.callstream.core.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AeadConfig2026;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.security.GeneralSecurityException;

/**
 * The few Tink calls this package makes, in one place: every keyset is AES256_GCM with Tink's
 * 5-byte key-id prefix on each ciphertext, so a keyset with several keys finds the right one.
 *
 * <p>All key creation, parsing and primitive creation goes through one explicit {@link
 * Configuration} ({@link AeadConfig2026}) instead of Tink's global registry, so no other code in
 * the process can change which algorithms we accept.
 *
 * <p>Stateless and thread-safe.
 */
final class TinkAead {

  static final Configuration CONFIGURATION = AeadConfig2026.get();

  private TinkAead() {}

  /** A new keyset holding one fresh AES256_GCM key. */
  static KeysetHandle newKeyset() throws GeneralSecurityException {
    return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, CONFIGURATION);
  }

  /** {@code keyset} plus a fresh AES256_GCM key that becomes primary; the old keys stay usable. */
  static KeysetHandle withNewPrimary(KeysetHandle keyset) throws GeneralSecurityException {
    return KeysetHandle.newBuilder(keyset)
        .setConfiguration(CONFIGURATION)
        .addEntry(
            KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                .withRandomId()
                .makePrimary())
        .build();
  }

  /** The AEAD primitive of {@code keyset}; thread-safe, as all Tink primitives are. */
  static Aead aead(KeysetHandle keyset) throws GeneralSecurityException {
    return keyset.getPrimitive(CONFIGURATION, Aead.class);
  }
}
