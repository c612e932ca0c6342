package io.callstream.query.admin.members;

import io.callstream.api.auth.Role;
import io.callstream.api.auth.WorkspacePrincipal;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Checks of the member routes' request fields. */
final class MemberRequests {

  /** Enough of an address to deliver to: the issuer's email claim is what it is matched with. */
  private static final Pattern EMAIL = Pattern.compile("[^\\s@]{1,64}@[^\\s@]{1,253}");

  private MemberRequests() {}

  /** The requested role, which the caller may give only up to their own. */
  static Role role(@Nullable String requested, WorkspacePrincipal caller) {
    Role role =
        Role.named(requested == null ? "" : requested)
            .orElseThrow(
                () -> MemberProblems.badRequest("role must be one of owner, manager, member"));
    if (!caller.role().includes(role)) {
      throw MemberProblems.forbidden(
          "a " + caller.role().label() + " cannot give the " + role.label() + " role");
    }
    return role;
  }

  static String email(@Nullable String requested) {
    if (requested == null
        || requested.codePoints().anyMatch(Character::isISOControl)
        || !EMAIL.matcher(requested.strip()).matches()) {
      throw MemberProblems.badRequest("email must be an email address");
    }
    return WorkspaceInvitations.normalizedEmail(requested);
  }
}
