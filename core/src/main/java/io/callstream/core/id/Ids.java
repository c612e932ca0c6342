package io.callstream.core.id;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;

/**
 * Ids of events, calls and everything else, as lowercase UUID strings (36 characters). Thread-safe.
 *
 * <ul>
 *   <li>{@link #timeOrdered()} is a UUIDv7 (RFC 9562): 48 bits of Unix milliseconds then 74 random
 *       bits. Ids sort by creation time as strings and as UUIDs, so database indexes on them stay
 *       append-mostly, and they still cannot be guessed. Ids made within the same millisecond are
 *       not ordered among themselves.
 *   <li>{@link #deterministic(String, Object...)} is a UUIDv5 (RFC 9562, SHA-1, name-based) of a
 *       kind and parts in a callstream namespace. The same inputs give the same id in every process
 *       and on every replay, which is what makes a replayed chunk or progress event a duplicate
 *       that consumers drop, rather than a new one.
 * </ul>
 *
 * <p>UUIDs rather than a prefixed ULID: PostgreSQL, Kafka tooling and JSON Schema's {@code uuid}
 * format all know them, and one format serves both kinds.
 */
public final class Ids {

  /**
   * Namespace of deterministic ids: the UUIDv5 of "callstream.io" in the RFC 9562 DNS namespace.
   */
  static final UUID NAMESPACE = UUID.fromString("339cc1aa-bd27-5db7-ad35-21ab00279583");

  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** A new time-ordered random id (UUIDv7). */
  public static String timeOrdered() {
    return timeOrdered(Clock.systemUTC());
  }

  /** A new time-ordered random id (UUIDv7) whose time part comes from {@code clock}. */
  public static String timeOrdered(Clock clock) {
    Objects.requireNonNull(clock, "clock must not be null");
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    ByteBuffer randomBits = ByteBuffer.wrap(random);
    long millis = clock.millis();
    // 48 bits time | 4 bits version 7 | 12 bits random
    long high = (millis << 16) | 0x7000L | (randomBits.getShort() & 0x0FFFL);
    // 2 bits variant 10 | 62 bits random
    long low = (randomBits.getLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }

  /**
   * The id that {@code kind} and {@code parts} always map to, for example {@code
   * deterministic("chunk", callId, sequence)}.
   *
   * <p>Parts are rendered with {@link String#valueOf(Object)} and length-prefixed before hashing,
   * so ({@code "a-b", "c"}) and ({@code "a", "b-c"}) stay apart. {@code 7} and {@code "7"} render
   * the same and so give the same id.
   *
   * @param kind what the id names ({@code "chunk"}, {@code "progress"}), so equal parts of
   *     different kinds never collide
   * @param parts what identifies the thing within its kind; at least one, none null
   */
  public static String deterministic(String kind, Object... parts) {
    Objects.requireNonNull(kind, "kind must not be null");
    if (kind.isBlank()) {
      throw new IllegalArgumentException("kind must not be blank");
    }
    Objects.requireNonNull(parts, "parts must not be null");
    if (parts.length == 0) {
      throw new IllegalArgumentException("parts must not be empty: a kind alone names one thing");
    }
    MessageDigest sha1 = sha1();
    sha1.update(toBytes(NAMESPACE));
    update(sha1, kind);
    for (int i = 0; i < parts.length; i++) {
      Object part = parts[i];
      if (part == null) {
        throw new IllegalArgumentException("parts must not contain null, was null at index " + i);
      }
      update(sha1, String.valueOf(part));
    }
    byte[] hash = sha1.digest();
    hash[6] = (byte) ((hash[6] & 0x0F) | 0x50); // version 5
    hash[8] = (byte) ((hash[8] & 0x3F) | 0x80); // variant 10
    ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(bits.getLong(), bits.getLong()).toString();
  }

  private static void update(MessageDigest digest, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
    digest.update(bytes);
  }

  private static byte[] toBytes(UUID uuid) {
    return ByteBuffer.allocate(16)
        .putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits())
        .array();
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      // every Java platform must provide SHA-1 (MessageDigest Javadoc)
      throw new IllegalStateException("SHA-1 is not available", e);
    }
  }
}
