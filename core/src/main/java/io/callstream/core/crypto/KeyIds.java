package io.callstream.core.crypto;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Reads which key made a ciphertext, without decrypting it. Every keyset of this package holds
 * AES256_GCM keys with Tink's {@code TINK} output prefix: byte 0 is {@value #TINK_START_BYTE} and
 * bytes 1 to 4 are the key id, big-endian. A store can so find the rows not yet under a workspace's
 * primary key, for example with {@code substring(column from 1 for 5) <> :prefix} in PostgreSQL,
 * and re-encrypt only those.
 *
 * <p>Stateless and thread-safe.
 */
public final class KeyIds {

  /** The first byte of a ciphertext under a key with Tink's {@code TINK} output prefix. */
  public static final byte TINK_START_BYTE = 0x01;

  /** The length of the prefix: the start byte and the 4-byte key id. */
  public static final int PREFIX_LENGTH = 5;

  private KeyIds() {}

  /** The key id in the prefix of {@code ciphertext}, or empty if it has no {@code TINK} prefix. */
  public static OptionalInt of(byte[] ciphertext) {
    Objects.requireNonNull(ciphertext, "ciphertext must not be null");
    if (ciphertext.length < PREFIX_LENGTH || ciphertext[0] != TINK_START_BYTE) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(
        (ciphertext[1] & 0xff) << 24
            | (ciphertext[2] & 0xff) << 16
            | (ciphertext[3] & 0xff) << 8
            | (ciphertext[4] & 0xff));
  }

  /** The 5-byte prefix of every ciphertext made with key {@code keyId}. */
  public static byte[] prefixOf(int keyId) {
    return new byte[] {
      TINK_START_BYTE,
      (byte) (keyId >>> 24),
      (byte) (keyId >>> 16),
      (byte) (keyId >>> 8),
      (byte) keyId
    };
  }
}
