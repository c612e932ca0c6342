package io.callstream.api.auth;

import java.io.Serial;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.AuthenticationException;

/**
 * A credential refused: its message is the 401's detail, {@link #reason()} and {@link
 * #credential()} are what the security log records of it. Neither ever holds the token or secret.
 */
final class RejectedCredentialException extends AuthenticationException {

  @Serial private static final long serialVersionUID = 1L;

  private final String reason;
  private final @Nullable String credential;

  private RejectedCredentialException(
      String reason, String detail, @Nullable String credential, @Nullable Throwable cause) {
    super(detail, cause);
    this.reason = reason;
    this.credential = credential;
  }

  /**
   * @param reason a short, fixed description for the log ({@code expired}, {@code unknown API key})
   * @param detail what the client is told
   * @param credential which credential, as far as known: {@code key:<id>} or the token's issuer and
   *     subject
   */
  static RejectedCredentialException of(String reason, String detail, @Nullable String credential) {
    return new RejectedCredentialException(reason, detail, credential, null);
  }

  static RejectedCredentialException of(
      String reason, String detail, @Nullable String credential, Throwable cause) {
    return new RejectedCredentialException(reason, detail, credential, cause);
  }

  String reason() {
    return reason;
  }

  @Nullable String credential() {
    return credential;
  }
}
