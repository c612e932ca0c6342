package io.callstream.api.audit;

import org.jspecify.annotations.Nullable;

/**
 * What checking a workspace's chain found. Immutable.
 *
 * @param valid whether every entry checked out
 * @param entries how many entries were read
 * @param firstBroken the first entry that did not check out; null when valid
 */
public record ChainReport(boolean valid, long entries, @Nullable BrokenLink firstBroken) {

  public ChainReport {
    if (valid != (firstBroken == null)) {
      throw new IllegalArgumentException("a chain is valid exactly when nothing in it is broken");
    }
    if (entries < 0) {
      throw new IllegalArgumentException("entries must not be negative, was " + entries);
    }
  }

  /**
   * The first entry that did not check out. Immutable.
   *
   * @param seq its seq
   * @param id its id
   * @param reason which check failed and what it expected
   */
  public record BrokenLink(long seq, String id, String reason) {}
}
