package io.callstream.core.event;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Opaque encrypted bytes carried by an event: the events never see plaintext, the crypto package
 * makes and opens these. In JSON a ciphertext is a base64 string.
 *
 * <p>Equality and hash code follow the content. {@link #toString()} prints only the length, so
 * ciphertext never lands in logs. The array is copied in and out, which keeps the record immutable
 * and thread-safe.
 *
 * @param bytes the ciphertext, never empty (an AEAD ciphertext always carries at least its tag)
 */
public record Ciphertext(byte[] bytes) {

  public Ciphertext {
    Checks.notNull(bytes, "bytes");
    if (bytes.length == 0) {
      throw new IllegalArgumentException("ciphertext bytes must not be empty");
    }
    bytes = bytes.clone();
  }

  /** Wraps a copy of {@code bytes}. */
  public static Ciphertext of(byte[] bytes) {
    return new Ciphertext(bytes);
  }

  /** A copy of the ciphertext bytes. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The number of ciphertext bytes, without copying them. */
  public int length() {
    return bytes.length;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Ciphertext that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Ciphertext[" + bytes.length + " bytes]";
  }
}
