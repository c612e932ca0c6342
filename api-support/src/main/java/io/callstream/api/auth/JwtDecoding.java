package io.callstream.api.auth;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * The JWT decoder of {@link OidcSettings}: signature checked against the issuer's published keys
 * with asymmetric algorithms only (RSA, RSA-PSS, ECDSA: {@code none} and the HMAC family, whose
 * "key" a client could choose, are refused), then issuer, audience, expiry and not-before. A token
 * must carry {@code sub}, {@code exp} and {@code iat}: without {@code iat} a sessions revocation
 * could not tell old tokens from new.
 */
final class JwtDecoding {

  private JwtDecoding() {}

  static ReactiveJwtDecoder decoder(OidcSettings settings) {
    var builder =
        settings.jwksUri() == null
            ? NimbusReactiveJwtDecoder.withIssuerLocation(settings.issuerUri())
            : NimbusReactiveJwtDecoder.withJwkSetUri(settings.jwksUri());
    NimbusReactiveJwtDecoder decoder =
        builder
            .jwsAlgorithms(algorithms -> algorithms.addAll(EnumSet.allOf(SignatureAlgorithm.class)))
            .build();
    decoder.setJwtValidator(
        JwtValidators.createDefaultWithValidators(
            new JwtIssuerValidator(settings.issuerUri()),
            new JwtAudienceValidator(settings.audience()),
            new JwtClaimValidator<String>(JwtClaimNames.SUB, sub -> sub != null && !sub.isBlank()),
            new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
            new JwtClaimValidator<Instant>(JwtClaimNames.IAT, Objects::nonNull)));
    return decoder;
  }
}
