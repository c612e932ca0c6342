package io.callstream.core.crypto;

/**
 * A workspace keyset cannot be created, unwrapped or rotated: typically the master key differs from
 * the one that wrapped the stored keyset, or the stored keyset is corrupt. The message names the
 * workspace, never key material.
 */
public final class KeyringException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  KeyringException(String message) {
    super(message);
  }

  KeyringException(String message, Throwable cause) {
    super(message, cause);
  }
}
