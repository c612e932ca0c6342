package io.callstream.core.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the associated data that binds a ciphertext to its context.
 *
 * <p>Format: a version byte, then each part as a 4-byte big-endian length followed by its UTF-8
 * bytes. The length prefixes make the encoding injective, so ("ab", "c") and ("a", "bc") never
 * collide, and the first part names the purpose, so a wrapped keyset can never pass for a field
 * value or the other way round. Changing this format makes every stored ciphertext unreadable: add
 * a new version instead.
 *
 * <p>Stateless and thread-safe.
 */
final class AssociatedData {

  static final byte VERSION_1 = 1;

  private static final String FIELD_PURPOSE = "callstream.field";
  private static final String KEYSET_PURPOSE = "callstream.keyset";
  private static final String SEARCH_KEYSET_PURPOSE = "callstream.search-keyset";
  private static final String INTEGRATION_PURPOSE = "callstream.integration";
  private static final String INTEGRATION_KEYSET_PURPOSE = "callstream.integration-keyset";

  private AssociatedData() {}

  /** Associated data of a field value of one call. */
  static byte[] forField(String workspaceId, String callId, Field field) {
    return encode(FIELD_PURPOSE, workspaceId, callId, field.label());
  }

  /** Associated data of a workspace keyset wrapped by the master key. */
  static byte[] forKeyset(String workspaceId) {
    return encode(KEYSET_PURPOSE, workspaceId);
  }

  /**
   * Associated data of a workspace's search (blind index) keyset wrapped by the master key: another
   * purpose than {@link #forKeyset}, so neither keyset loads as the other.
   */
  static byte[] forSearchKeyset(String workspaceId) {
    return encode(SEARCH_KEYSET_PURPOSE, workspaceId);
  }

  /** Associated data of a workspace's integration secret of one kind ({@code llm}, ...). */
  static byte[] forIntegration(String workspaceId, String kind) {
    return encode(INTEGRATION_PURPOSE, workspaceId, kind);
  }

  /**
   * Associated data of a workspace's integration keyset wrapped by the master key: a purpose of its
   * own, so it never loads as the data keyset or the search keyset, nor they as it.
   */
  static byte[] forIntegrationKeyset(String workspaceId) {
    return encode(INTEGRATION_KEYSET_PURPOSE, workspaceId);
  }

  static byte[] encode(String... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    out.write(VERSION_1);
    for (String part : parts) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      out.write(bytes.length >>> 24);
      out.write(bytes.length >>> 16);
      out.write(bytes.length >>> 8);
      out.write(bytes.length);
      out.write(bytes, 0, bytes.length);
    }
    return out.toByteArray();
  }
}
