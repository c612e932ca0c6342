package io.callstream.api.auth;

/**
 * What a role may do in its workspace: each permission names the least role that has it, and a role
 * has every permission of the roles below it. The table in {@code docs/permissions.md} is this
 * enum, tested cell by cell.
 */
public enum Permission {
  READ_CALLS(Role.MEMBER),
  UPLOAD_CALLS(Role.MEMBER),
  DELETE_CALLS(Role.MANAGER),
  EXPORT_CALLS(Role.MANAGER),
  EDIT_TEMPLATES(Role.MANAGER),
  RECTIFY_CALLS(Role.MANAGER),
  MANAGE_MEMBERS(Role.OWNER),
  MANAGE_API_KEYS(Role.OWNER),
  MANAGE_RETENTION(Role.OWNER),
  MANAGE_BILLING(Role.OWNER),
  MANAGE_INTEGRATIONS(Role.OWNER),
  MANAGE_KEYS(Role.OWNER),
  READ_AUDIT_LOG(Role.OWNER),
  EXPORT_WORKSPACE(Role.OWNER),
  DELETE_WORKSPACE(Role.OWNER);

  private final Role least;

  Permission(Role least) {
    this.least = least;
  }

  /** The least role that has this permission. */
  public Role least() {
    return least;
  }

  /** Whether {@code role} has this permission. */
  public boolean grantedTo(Role role) {
    return role.compareTo(least) >= 0;
  }
}
