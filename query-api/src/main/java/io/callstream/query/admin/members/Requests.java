package io.callstream.query.admin.members;

import org.jspecify.annotations.Nullable;

/** The request bodies of the member routes. */
public final class Requests {

  private Requests() {}

  /** Invite {@code email} with {@code role} ({@code owner}, {@code manager}, {@code member}). */
  public record NewInvitation(@Nullable String email, @Nullable String role) {}

  /** Give a member {@code role}. */
  public record RoleChange(@Nullable String role) {}

  /** Accept the invitation whose token this is. */
  public record Acceptance(@Nullable String token) {

    @Override
    public String toString() {
      return "Acceptance[token=***]";
    }
  }
}
