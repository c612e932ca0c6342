package io.callstream.api.audit;

import java.util.Objects;

/**
 * An audit entry as stored: its content and the two hashes that chain it to the entry before.
 * Immutable as long as no one writes into the arrays it hands out (it copies them in and out).
 *
 * @param entry what the entry says
 * @param prevHash the hash of the entry before ({@link AuditChain#genesis()} for the first)
 * @param hash {@link AuditChain#hash(byte[], AuditEntry)} of {@code prevHash} and {@code entry}, as
 *     it was when written
 */
public record StoredAuditEntry(AuditEntry entry, byte[] prevHash, byte[] hash) {

  public StoredAuditEntry {
    Objects.requireNonNull(entry, "entry must not be null");
    prevHash = Objects.requireNonNull(prevHash, "prevHash must not be null").clone();
    hash = Objects.requireNonNull(hash, "hash must not be null").clone();
  }

  @Override
  public byte[] prevHash() {
    return prevHash.clone();
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }
}
