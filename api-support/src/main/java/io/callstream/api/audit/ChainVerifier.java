package io.callstream.api.audit;

import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Checks a workspace's entries, fed one at a time in seq order, in constant memory: each entry's
 * seq follows the one before (no entry missing), its {@code prev_hash} is the stored hash of the
 * one before, and its stored hash is the one its content gives. Not thread-safe: one verifier per
 * walk, as in {@code entries.reduceWith(ChainVerifier::new, ChainVerifier::check)}.
 */
public final class ChainVerifier {

  private long entries;
  private long lastSeq;
  private byte[] lastHash = AuditChain.genesis();
  private ChainReport.@Nullable BrokenLink firstBroken;

  /** Checks the next entry; returns this verifier. */
  public ChainVerifier check(StoredAuditEntry stored) {
    entries++;
    AuditEntry entry = stored.entry();
    if (firstBroken == null) {
      String reason = reasonBroken(stored);
      if (reason != null) {
        firstBroken = new ChainReport.BrokenLink(entry.seq(), entry.id(), reason);
      }
    }
    lastSeq = entry.seq();
    lastHash = stored.hash();
    return this;
  }

  /** What the entries checked so far show. */
  public ChainReport report() {
    return new ChainReport(firstBroken == null, entries, firstBroken);
  }

  private @Nullable String reasonBroken(StoredAuditEntry stored) {
    AuditEntry entry = stored.entry();
    if (entry.seq() != lastSeq + 1) {
      return "seq gap: expected seq "
          + (lastSeq + 1)
          + " after "
          + lastSeq
          + ", found "
          + entry.seq()
          + " (an entry was deleted)";
    }
    if (!Arrays.equals(stored.prevHash(), lastHash)) {
      return "prev_hash mismatch: the entry does not follow the stored hash of seq " + lastSeq;
    }
    byte[] expected = AuditChain.hash(stored.prevHash(), entry);
    if (!Arrays.equals(stored.hash(), expected)) {
      return "hash mismatch: the content hashes to "
          + HexFormat.of().formatHex(expected)
          + ", the stored hash is "
          + HexFormat.of().formatHex(stored.hash())
          + " (the entry was changed after it was written)";
    }
    return null;
  }
}
