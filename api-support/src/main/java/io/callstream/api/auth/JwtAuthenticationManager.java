package io.callstream.api.auth;

import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Signs a user in with a JWT: decodes and validates it ({@link JwtDecoding}), finds or creates the
 * user, refuses a token issued before the user's sessions were revoked, and, on a workspace's
 * route, looks the user's role up in that workspace's {@code members}: the role never comes from a
 * claim. A user who is no member gets a {@link UserAuthentication}, which the workspace routes
 * answer with 404.
 */
final class JwtAuthenticationManager {

  private final ReactiveJwtDecoder decoder;
  private final UserDirectory users;

  JwtAuthenticationManager(ReactiveJwtDecoder decoder, UserDirectory users) {
    this.decoder = decoder;
    this.users = users;
  }

  /**
   * @param token the bearer token
   * @param workspaceId the workspace of the route, or null outside one
   */
  Mono<Authentication> authenticate(String token, @Nullable String workspaceId) {
    return decoder
        .decode(token)
        .onErrorMap(JwtException.class, error -> refusal(error, token))
        .flatMap(this::signIn)
        .flatMap(
            user ->
                workspaceId == null
                    ? Mono.just(new UserAuthentication(user))
                    : users
                        .role(workspaceId, user.userId())
                        .<Authentication>map(
                            role ->
                                new WorkspaceAuthentication(
                                    WorkspacePrincipal.ofUser(workspaceId, role, user.userId())))
                        .defaultIfEmpty(new UserAuthentication(user)));
  }

  private Mono<SignedInUser> signIn(Jwt jwt) {
    String issuer = String.valueOf(jwt.getIssuer());
    String subject = jwt.getSubject();
    return users
        .signIn(issuer, subject, jwt.getClaimAsString("email"))
        .flatMap(
            user ->
                user.revoked(jwt.getIssuedAt())
                    ? Mono.error(
                        RejectedCredentialException.of(
                            "sessions revoked",
                            "the token was issued before the user's sessions were revoked;"
                                + " sign in again",
                            describe(issuer, subject)))
                    : Mono.just(user.signedIn()));
  }

  private static RuntimeException refusal(JwtException error, String token) {
    if (!(error instanceof BadJwtException)) {
      // the issuer's keys could not be fetched, say: not the client's fault
      return new AuthenticationServiceException(
          "the token's signing keys are unavailable right now; retry later", error);
    }
    String reason =
        error instanceof JwtValidationException invalid && !invalid.getErrors().isEmpty()
            ? invalid.getErrors().iterator().next().getDescription()
            : error.getMessage();
    return RejectedCredentialException.of(
        "invalid JWT: " + SecurityEvents.printable(reason),
        "the JWT is not valid: " + reason,
        claimedBy(token),
        error);
  }

  /** The issuer and subject the token claims, for the security log: unverified, so marked so. */
  private static @Nullable String claimedBy(String token) {
    try {
      var claims = JWTParser.parse(token).getJWTClaimsSet();
      return "claimed " + describe(String.valueOf(claims.getIssuer()), claims.getSubject());
    } catch (ParseException | RuntimeException e) {
      return null;
    }
  }

  private static String describe(String issuer, @Nullable String subject) {
    return "iss=" + SecurityEvents.printable(issuer) + " sub=" + SecurityEvents.printable(subject);
  }
}
