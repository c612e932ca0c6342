package io.callstream.api.auth;

import java.util.Optional;

/**
 * Who is calling, as established by authentication: the workspace the credential belongs to, the
 * role it carries there and the credential's id for audit: {@code key:<keyId>} for an API key,
 * {@code user:<userId>} for a signed-in member.
 */
public record WorkspacePrincipal(String workspaceId, Role role, String credentialId) {

  private static final String KEY = "key:";
  private static final String USER = "user:";

  public WorkspacePrincipal {
    if (workspaceId == null || role == null || credentialId == null) {
      throw new IllegalArgumentException("workspaceId, role and credentialId must not be null");
    }
  }

  /** The principal of API key {@code keyId}. */
  public static WorkspacePrincipal ofKey(String workspaceId, Role role, String keyId) {
    return new WorkspacePrincipal(workspaceId, role, KEY + keyId);
  }

  /** The principal of member {@code userId}. */
  public static WorkspacePrincipal ofUser(String workspaceId, Role role, String userId) {
    return new WorkspacePrincipal(workspaceId, role, USER + userId);
  }

  /** The signed-in user's id, when the caller is one (not an API key). */
  public Optional<String> userId() {
    return credentialId.startsWith(USER)
        ? Optional.of(credentialId.substring(USER.length()))
        : Optional.empty();
  }
}
