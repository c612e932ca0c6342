package io.callstream.core.crypto;

import com.google.crypto.tink.Aead;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The key that wraps every workspace keyset, chosen by a URI:
 *
 * <ul>
 *   <li>{@code file:/path/master.keyset.json} (the embedded default): a Tink keyset file holding
 *       one AES256_GCM key, created owner-only ({@code rw-------}) on first start and loaded on
 *       later starts. Losing it makes every workspace keyset, and so all data, unreadable: back it
 *       up apart from the data. {@code file:///path} and relative {@code file:data/master.json} are
 *       accepted too.
 *   <li>{@code gcp-kms://projects/P/locations/L/keyRings/R/cryptoKeys/K} (production): a Cloud KMS
 *       key used through Tink's {@code GcpKmsClient}, with Application Default Credentials. The key
 *       never leaves KMS; each workspace keyset is unwrapped by one remote call and then cached by
 *       the {@link WorkspaceKeyring}.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class MasterKey {

  /** The environment variable that deployments use to pass the master key URI. */
  public static final String ENVIRONMENT_VARIABLE = "CALLSTREAM_MASTER_KEY";

  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");

  private final String uri;
  private final Aead aead;

  private MasterKey(String uri, Aead aead) {
    this.uri = uri;
    this.aead = aead;
  }

  /**
   * Loads (or, for a missing {@code file:} key, creates) the master key named by {@code uri}.
   *
   * @throws MasterKeyException with a one-line message saying what to fix, if the URI is not
   *     supported or the key cannot be used
   */
  public static MasterKey fromUri(String uri) {
    Objects.requireNonNull(uri, "uri must not be null");
    String trimmed = uri.strip();
    int colon = trimmed.indexOf(':');
    String scheme = colon > 0 ? trimmed.substring(0, colon) : "";
    if (!SCHEME.matcher(scheme).matches()) {
      // Never echo the value: someone may have pasted key material instead of a URI.
      throw new MasterKeyException(
          "master key setting "
              + ENVIRONMENT_VARIABLE
              + " is not a URI: use file:/path/to/master.keyset.json or"
              + " gcp-kms://projects/P/locations/L/keyRings/R/cryptoKeys/K");
    }
    switch (scheme.toLowerCase(Locale.ROOT)) {
      case "file":
        return ofFile(filePath(trimmed));
      case "gcp-kms":
        return new MasterKey(trimmed, GcpKmsMasterKey.load(trimmed));
      default:
        throw new MasterKeyException(
            "unsupported master key scheme '"
                + scheme
                + "' in "
                + ENVIRONMENT_VARIABLE
                + ": use file:/path/to/master.keyset.json or"
                + " gcp-kms://projects/P/locations/L/keyRings/R/cryptoKeys/K");
    }
  }

  /**
   * Loads the master keyset file at {@code file}, creating it owner-only if it does not exist.
   *
   * @throws MasterKeyException with a one-line message if the file exists but is unreadable, too
   *     open or not a Tink AEAD keyset
   */
  public static MasterKey ofFile(Path file) {
    Objects.requireNonNull(file, "file must not be null");
    Path absolute = file.toAbsolutePath().normalize();
    return new MasterKey("file:" + absolute, FileMasterKey.loadOrCreate(absolute));
  }

  /**
   * A master key backed by any Tink {@link Aead}, for key management systems this class does not
   * know; {@code uri} only names it in messages and must not contain secrets.
   */
  public static MasterKey of(String uri, Aead aead) {
    Objects.requireNonNull(uri, "uri must not be null");
    Objects.requireNonNull(aead, "aead must not be null");
    return new MasterKey(uri, aead);
  }

  /** The URI that names this key; never contains key material. */
  public String uri() {
    return uri;
  }

  /** The AEAD that wraps and unwraps workspace keysets. */
  Aead aead() {
    return aead;
  }

  @Override
  public String toString() {
    return "MasterKey[" + uri + "]";
  }

  private static Path filePath(String uri) {
    String rest = uri.substring("file:".length());
    if (rest.isEmpty()) {
      throw new MasterKeyException(
          "master key URI 'file:' names no file: use file:/path/to/master.keyset.json");
    }
    try {
      // file:///abs and file://localhost/abs are proper URIs; file:/abs and file:rel are paths.
      return rest.startsWith("//") ? Path.of(URI.create(uri)) : Path.of(rest);
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      throw new MasterKeyException(
          "master key URI " + uri + " is not a local file: use file:/path/to/master.keyset.json",
          e);
    }
  }
}
