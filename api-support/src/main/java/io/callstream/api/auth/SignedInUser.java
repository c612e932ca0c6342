package io.callstream.api.auth;

import org.jspecify.annotations.Nullable;

/**
 * A person signed in with an OAuth2 JWT, as our {@code users} table knows them: the principal of
 * the routes outside a workspace ({@code /v1/me}, accepting an invitation). Their role in a
 * workspace is not here: it comes from {@code members}, per request.
 *
 * @param userId our id of the user
 * @param issuer the token's issuer
 * @param subject the token's subject
 * @param email the token's {@code email} claim, if it has one
 */
public record SignedInUser(String userId, String issuer, String subject, @Nullable String email) {

  public SignedInUser {
    if (userId == null || issuer == null || subject == null) {
      throw new IllegalArgumentException("userId, issuer and subject must not be null");
    }
  }

  /** The id the audit log and {@link WorkspacePrincipal#credentialId()} know the user by. */
  public String credentialId() {
    return credentialId(userId);
  }

  /** {@code user:<userId>}. */
  public static String credentialId(String userId) {
    return "user:" + userId;
  }
}
