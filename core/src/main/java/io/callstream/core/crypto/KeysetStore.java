package io.callstream.core.crypto;

import java.util.Optional;

/**
 * Where wrapped workspace keysets live: opaque bytes by workspace id. The bytes are already
 * encrypted by the master key, so a store needs no secrecy of its own, only durability and the two
 * atomic writes below, which a database does with {@code INSERT ... ON CONFLICT DO NOTHING} and
 * {@code UPDATE ... WHERE keyset = :expected}. Several processes may share one store: the atomic
 * writes keep them from silently overwriting each other's keys, which would make data encrypted
 * under the lost key unreadable.
 *
 * <p>Implementations must be thread-safe. Storage failures are {@link
 * java.io.UncheckedIOException}s or another unchecked exception of the implementation's choosing.
 */
public interface KeysetStore {

  /** The wrapped keyset of {@code workspaceId}, or empty if there is none. */
  Optional<byte[]> load(String workspaceId);

  /**
   * Stores {@code keyset} for {@code workspaceId} unless one is stored already.
   *
   * @return {@code true} if stored, {@code false} if a keyset existed (and was left untouched)
   */
  boolean saveIfAbsent(String workspaceId, byte[] keyset);

  /**
   * Replaces the keyset of {@code workspaceId} with {@code replacement} if it is still {@code
   * expected}.
   *
   * @return {@code true} if replaced, {@code false} if the stored keyset differs or is gone
   */
  boolean replace(String workspaceId, byte[] expected, byte[] replacement);

  /**
   * Deletes the keyset of {@code workspaceId}; a store must not keep copies it can restore from,
   * since this is what makes the workspace's data unreadable.
   *
   * @return {@code true} if a keyset existed
   */
  boolean delete(String workspaceId);
}
