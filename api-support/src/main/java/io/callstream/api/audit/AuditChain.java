package io.callstream.api.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hash that chains a workspace's audit entries: {@code SHA-256(prev_hash || canonical)}, where
 * {@code canonical} is the {@link CanonicalJson canonical JSON} of the entry's content (workspace,
 * seq, id, type, actor, source IP, time in epoch microseconds, diff). Everything in it can be
 * recomputed exactly from the stored row, so whoever edits a row without recomputing every later
 * hash breaks the chain at that row. Thread-safe.
 */
public final class AuditChain {

  /** Bytes of a SHA-256 hash. */
  public static final int HASH_LENGTH = 32;

  private AuditChain() {}

  /** The {@code prev_hash} of a chain's first entry: 32 zero bytes. */
  public static byte[] genesis() {
    return new byte[HASH_LENGTH];
  }

  /** The hash of {@code entry} following an entry whose hash was {@code prevHash}. */
  public static byte[] hash(byte[] prevHash, AuditEntry entry) {
    Objects.requireNonNull(prevHash, "prevHash must not be null");
    Objects.requireNonNull(entry, "entry must not be null");
    if (prevHash.length != HASH_LENGTH) {
      throw new IllegalArgumentException(
          "prevHash must be " + HASH_LENGTH + " bytes, was " + prevHash.length);
    }
    MessageDigest sha256 = sha256();
    sha256.update(prevHash);
    sha256.update(canonical(entry).getBytes(StandardCharsets.UTF_8));
    return sha256.digest();
  }

  /** The text hashed for {@code entry}, after its previous hash. */
  static String canonical(AuditEntry entry) {
    ObjectNode content = JsonNodeFactory.instance.objectNode();
    content.put("workspaceId", entry.workspaceId());
    content.put("seq", entry.seq());
    content.put("id", entry.id());
    content.put("type", entry.type());
    content.put("actor", entry.actor());
    if (entry.sourceIp() == null) {
      content.putNull("sourceIp");
    } else {
      content.put("sourceIp", entry.sourceIp());
    }
    content.put("occurredAt", ChronoUnit.MICROS.between(Instant.EPOCH, entry.occurredAt()));
    content.set("diff", entry.diff());
    return CanonicalJson.canonical(content);
  }

  /** The SHA-256 of {@code bytes}, for digests that stand in for content (a template's body). */
  public static byte[] sha256(byte[] bytes) {
    return sha256().digest(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // every Java platform must provide SHA-256 (MessageDigest Javadoc)
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
