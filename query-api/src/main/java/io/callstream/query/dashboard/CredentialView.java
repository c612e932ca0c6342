package io.callstream.query.dashboard;

import org.jspecify.annotations.Nullable;

/**
 * The credential a request presented, as {@code GET /v1/credential} shows it: a client that holds
 * only an API key learns its workspace and role from it. Immutable.
 *
 * @param workspaceId the API key's workspace; null for a signed-in user's token, which is no
 *     workspace's (the client names one)
 * @param role the API key's role in its workspace; null for a signed-in user's token
 * @param credentialId {@code key:<keyId>} or {@code user:<userId>}, as the audit log names it
 */
public record CredentialView(
    @Nullable String workspaceId, @Nullable String role, String credentialId) {

  public CredentialView {
    if (credentialId == null || credentialId.isBlank()) {
      throw new IllegalArgumentException("credentialId must not be blank");
    }
  }
}
