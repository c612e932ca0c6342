package io.callstream.query.admin.members;

import java.time.Instant;

/**
 * An invitation just made. {@code token} is the only time it is shown: the inviter passes it on,
 * and it is stored as a hash. Immutable.
 */
public record CreatedInvitation(
    String id, String email, String role, String token, Instant expiresAt) {

  @Override
  public String toString() {
    return "CreatedInvitation[id=" + id + ", role=" + role + ", token=***]";
  }
}
