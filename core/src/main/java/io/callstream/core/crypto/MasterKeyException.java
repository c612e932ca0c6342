package io.callstream.core.crypto;

/**
 * The master key cannot be used: its configuration is wrong, or its file or KMS key is missing,
 * unreadable, too open or corrupt. The message is one line that says what to fix.
 */
public final class MasterKeyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  MasterKeyException(String message) {
    super(message);
  }

  MasterKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
