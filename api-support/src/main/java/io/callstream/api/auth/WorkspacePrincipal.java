package io.callstream.api.auth;

/**
 * Who is calling, as established by authentication: the workspace the credential belongs to, the
 * role it carries and the credential's id (for audit).
 */
public record WorkspacePrincipal(String workspaceId, Role role, String credentialId) {

  public WorkspacePrincipal {
    if (workspaceId == null || role == null || credentialId == null) {
      throw new IllegalArgumentException("workspaceId, role and credentialId must not be null");
    }
  }
}
