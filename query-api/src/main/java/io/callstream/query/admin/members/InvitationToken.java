package io.callstream.query.admin.members;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An invitation's token as the invited person holds it: {@code csi_<workspace>.<secret>}. The
 * workspace part (base64url of its id, not secret) lets the acceptance look the invitation up in
 * that workspace's scope, where row-level security admits it; the secret carries 256 random bits
 * and is stored only as a SHA-256 hash, looked up by that hash. Immutable and thread-safe.
 */
record InvitationToken(String workspaceId, String secret) {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PREFIX = "csi_";
  private static final Pattern FORMAT =
      Pattern.compile("csi_([A-Za-z0-9_-]{1,200})\\.([A-Za-z0-9_-]{43})");

  InvitationToken {
    if (workspaceId == null || secret == null) {
      throw new IllegalArgumentException("workspaceId and secret must not be null");
    }
  }

  /** A fresh token for an invitation to {@code workspaceId}. */
  static InvitationToken generate(String workspaceId) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return new InvitationToken(
        workspaceId, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  /** Parses a presented token; empty when it does not have the shape of one of ours. */
  static Optional<InvitationToken> parse(String presented) {
    if (presented == null) {
      return Optional.empty();
    }
    var matcher = FORMAT.matcher(presented.strip());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    try {
      String workspaceId =
          new String(Base64.getUrlDecoder().decode(matcher.group(1)), StandardCharsets.UTF_8);
      return workspaceId.isBlank()
          ? Optional.empty()
          : Optional.of(new InvitationToken(workspaceId, matcher.group(2)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The token as shown once to the inviter. */
  String token() {
    return PREFIX
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(workspaceId.getBytes(StandardCharsets.UTF_8))
        + "."
        + secret;
  }

  byte[] hash() {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(secret.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
  }

  @Override
  public String toString() {
    return "InvitationToken[workspaceId=" + workspaceId + ", secret=***]";
  }
}
