package io.callstream.core.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.integration.gcpkms.GcpKmsClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A master key in Google Cloud KMS, reached over HTTP with Application Default Credentials ({@code
 * GOOGLE_APPLICATION_CREDENTIALS}, workload identity, or the metadata server).
 *
 * <p>Stateless and thread-safe.
 */
final class GcpKmsMasterKey {

  private static final Pattern KEY_URI =
      Pattern.compile("gcp-kms://projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+");

  private GcpKmsMasterKey() {}

  static Aead load(String uri) {
    if (!KEY_URI.matcher(uri).matches()) {
      throw new MasterKeyException(
          "GCP KMS master key URI "
              + uri
              + " is malformed: use gcp-kms://projects/P/locations/L/keyRings/R/cryptoKeys/K");
    }
    Aead aead;
    try {
      aead = new GcpKmsClient().withDefaultCredentials().getAead(uri);
    } catch (GeneralSecurityException e) {
      throw new MasterKeyException(
          "cannot reach GCP KMS key "
              + uri
              + ": no usable Application Default Credentials; set GOOGLE_APPLICATION_CREDENTIALS"
              + " or run with a service account",
          e);
    }
    probe(uri, aead);
    return aead;
  }

  /**
   * One round trip at start-up, so a missing IAM grant fails here with a clear message rather than
   * on the first call of a workspace.
   */
  private static void probe(String uri, Aead aead) {
    byte[] probe = "callstream master key probe".getBytes(StandardCharsets.UTF_8);
    byte[] associatedData = AssociatedData.encode("callstream.probe");
    try {
      if (!Arrays.equals(
          probe, aead.decrypt(aead.encrypt(probe, associatedData), associatedData))) {
        throw new GeneralSecurityException("round trip returned other bytes");
      }
    } catch (GeneralSecurityException e) {
      throw new MasterKeyException(
          "GCP KMS key "
              + uri
              + " cannot encrypt and decrypt: grant the service account"
              + " roles/cloudkms.cryptoKeyEncrypterDecrypter on it and check that the key is enabled",
          e);
    }
  }
}
