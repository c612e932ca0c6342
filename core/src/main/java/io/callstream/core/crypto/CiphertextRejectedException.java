package io.callstream.core.crypto;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A ciphertext did not decrypt: it belongs to another workspace, call or field, it was altered, or
 * its workspace keyset was destroyed. Names the workspace, call and field; never the plaintext or
 * key material.
 */
public final class CiphertextRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String workspaceId;
  private final String callId;
  private final Field field;

  CiphertextRejectedException(
      String workspaceId, String callId, Field field, String reason, @Nullable Throwable cause) {
    super(
        "ciphertext rejected for workspace "
            + printable(workspaceId)
            + ", call "
            + printable(callId)
            + ", field "
            + field
            + ": "
            + reason,
        cause);
    this.workspaceId = Objects.requireNonNull(workspaceId, "workspaceId must not be null");
    this.callId = Objects.requireNonNull(callId, "callId must not be null");
    this.field = Objects.requireNonNull(field, "field must not be null");
  }

  /** The workspace the ciphertext was presented for. */
  public String workspaceId() {
    return workspaceId;
  }

  /** The call the ciphertext was presented for. */
  public String callId() {
    return callId;
  }

  /** The field the ciphertext was presented as. */
  public Field field() {
    return field;
  }

  /** Ids come from requests; keep them from forging extra log lines. */
  private static String printable(String id) {
    StringBuilder out = new StringBuilder(id.length() + 2).append('\'');
    id.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.append('\'').toString();
  }
}
