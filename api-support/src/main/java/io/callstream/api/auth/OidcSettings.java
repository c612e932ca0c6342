package io.callstream.api.auth;

import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/**
 * Where signed-in users' JWTs come from: {@code callstream.auth.oidc.issuer-uri} (the {@code iss}
 * every token must carry), {@code callstream.auth.oidc.jwks-uri} (the issuer's signing keys; by
 * default found through the issuer's discovery document) and {@code callstream.auth.oidc.audience}
 * (the {@code aud} a token for this API carries). Without an issuer, sign-in is off and only API
 * keys authenticate.
 */
public record OidcSettings(String issuerUri, @Nullable String jwksUri, String audience) {

  public OidcSettings {
    if (issuerUri == null || issuerUri.isBlank()) {
      throw new IllegalArgumentException("callstream.auth.oidc.issuer-uri must not be blank");
    }
    if (audience == null || audience.isBlank()) {
      throw new IllegalArgumentException(
          "callstream.auth.oidc.audience must be set with the issuer: without it a token the"
              + " issuer made for another application would be accepted");
    }
    if (jwksUri != null && jwksUri.isBlank()) {
      jwksUri = null;
    }
  }

  /** The settings of {@code environment}; null when no issuer is configured. */
  static @Nullable OidcSettings from(Environment environment) {
    String issuer = environment.getProperty("callstream.auth.oidc.issuer-uri");
    if (issuer == null || issuer.isBlank()) {
      return null;
    }
    return new OidcSettings(
        issuer,
        environment.getProperty("callstream.auth.oidc.jwks-uri"),
        environment.getProperty("callstream.auth.oidc.audience"));
  }
}
