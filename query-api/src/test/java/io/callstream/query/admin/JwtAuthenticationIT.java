package io.callstream.query.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.callstream.api.auth.Role;
import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.admin.AdminApi.Answer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sign-in with OAuth2 JWTs from a real issuer in the test JVM: the role comes from our members
 * table, every kind of bad token is refused with a 401 problem, and a sessions revoke refuses the
 * tokens issued before it.
 */
@ExtendWith(SharedInfrastructure.class)
class JwtAuthenticationIT {

  private static AdminApi admin;

  private String workspaceId;
  private String ownerKey;
  private String subject;

  @BeforeAll
  static void start(Infrastructure infrastructure) {
    admin = AdminApi.start(infrastructure);
  }

  @AfterAll
  static void stop() {
    admin.close();
  }

  @BeforeEach
  void newWorkspace() {
    workspaceId = admin.newWorkspace();
    ownerKey = admin.newKey(workspaceId, Role.OWNER);
    subject = "user-" + Ids.timeOrdered();
  }

  @Test
  void shouldLetAMemberReadTheirWorkspace() {
    String token = admin.member(workspaceId, ownerKey, subject, Role.MEMBER);

    Answer answer = admin.send("GET", calls(), token, null);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().get("items").isArray()).isTrue();
  }

  @Test
  void shouldAnswer404ToASignedInUserWhoIsNoMember() {
    admin.member(workspaceId, ownerKey, subject, Role.OWNER);
    String stranger = admin.token("stranger-" + Ids.timeOrdered(), "stranger@example.com");

    Answer answer = admin.send("GET", calls(), stranger, null);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.isProblem()).isTrue();
    assertThat(answer.body()).doesNotContain("items");
  }

  @Test
  void shouldTakeTheRoleFromMembershipNotFromAClaim() {
    String token = admin.token(subject, Map.of("email", subject + "@example.com", "role", "OWNER"));
    String invitation = admin.invite(workspaceId, ownerKey, subject + "@example.com", Role.MEMBER);
    assertThat(accept(token, invitation).status()).isEqualTo(200);

    Answer answer = admin.send("GET", "/v1/workspaces/" + workspaceId + "/api-keys", token, null);

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.isProblem()).isTrue();
  }

  @Test
  void shouldRefuseAnExpiredToken() {
    admin.member(workspaceId, ownerKey, subject, Role.MEMBER);
    long now = Instant.now().getEpochSecond();
    // issued two hours ago, valid for one
    String expired =
        admin.token(subject, Map.of("iat", now - 7200, "nbf", now - 7200, "exp", now - 3600));

    assertRefused(expired, "expired");
  }

  @Test
  void shouldRefuseATokenOfAnotherIssuer() {
    admin.member(workspaceId, ownerKey, subject, Role.MEMBER);
    // signed with the trusted key, but naming another issuer
    String otherIssuer = admin.token(subject, Map.of("iss", "https://issuer.example.com/not-ours"));

    assertRefused(otherIssuer, "iss");
  }

  @Test
  void shouldRefuseATokenOfAnIssuerWeDoNotTrust() {
    admin.member(workspaceId, ownerKey, subject, Role.MEMBER);
    // the mock server's other issuer signs with a key of its own
    String untrusted =
        admin
            .oidc()
            .issueToken("someone-else", subject, AdminApi.AUDIENCE, Map.of(), 3600)
            .serialize();

    assertRefused(untrusted, null);
  }

  @Test
  void shouldRefuseATokenForAnotherAudience() {
    admin.member(workspaceId, ownerKey, subject, Role.MEMBER);
    String otherAudience =
        admin
            .oidc()
            .issueToken(AdminApi.ISSUER_ID, subject, "another-api", Map.of(), 3600)
            .serialize();

    assertRefused(otherAudience, "aud");
  }

  @Test
  void shouldRefuseAnUnsignedToken() {
    admin.member(workspaceId, ownerKey, subject, Role.MEMBER);
    String none = new PlainJWT(claims(subject)).serialize();
    assertThat(none).endsWith(".");

    assertRefused(none, null);
  }

  @Test
  void shouldRefuseATokenWithATamperedPayload() {
    String member = admin.member(workspaceId, ownerKey, subject, Role.MEMBER);
    admin.member(workspaceId, ownerKey, subject + "-owner", Role.OWNER);
    // the member's signature over the claims of the Owner
    String[] parts = member.split("\\.");
    String ownerClaims =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    .replace(subject, subject + "-owner")
                    .getBytes(StandardCharsets.UTF_8));
    String tampered = parts[0] + "." + ownerClaims + "." + parts[2];

    assertRefused(tampered, null);
  }

  @Test
  void shouldRefuseAnHmacSignedToken() throws Exception {
    admin.member(workspaceId, ownerKey, subject, Role.MEMBER);
    SignedJWT hmac =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
            claims(subject));
    hmac.sign(new MACSigner("a-secret-anyone-could-choose-of-32-bytes-or-more"));

    assertRefused(hmac.serialize(), null);
  }

  @Test
  void shouldRefuseATokenIssuedBeforeTheUsersSessionsWereRevoked() {
    long earlier = Instant.now().minusSeconds(120).getEpochSecond();
    String old = admin.token(subject, Map.of("email", subject + "@example.com", "iat", earlier));
    String invitation = admin.invite(workspaceId, ownerKey, subject + "@example.com", Role.MEMBER);
    assertThat(accept(old, invitation).status()).isEqualTo(200);
    assertThat(admin.send("GET", calls(), old, null).status()).isEqualTo(200);

    Answer revoked = admin.send("POST", "/v1/me/sessions/revoke", old, null);

    assertThat(revoked.status()).isEqualTo(204);
    assertRefused(old, "revoked");
    String fresh = admin.token(subject, subject + "@example.com");
    assertThat(admin.send("GET", calls(), fresh, null).status()).isEqualTo(200);
  }

  @Test
  void shouldRefuseAMembersOldTokensOnceAnOwnerRevokesTheirSessions() {
    long earlier = Instant.now().minusSeconds(120).getEpochSecond();
    String old = admin.token(subject, Map.of("email", subject + "@example.com", "iat", earlier));
    String invitation = admin.invite(workspaceId, ownerKey, subject + "@example.com", Role.MEMBER);
    assertThat(accept(old, invitation).status()).isEqualTo(200);
    String userId = admin.userId(old);

    Answer revoked =
        admin.send(
            "POST",
            "/v1/workspaces/" + workspaceId + "/members/" + userId + "/sessions/revoke",
            ownerKey,
            null);

    assertThat(revoked.status()).isEqualTo(204);
    assertRefused(old, "revoked");
    assertThat(
            admin
                .send("GET", calls(), admin.token(subject, subject + "@example.com"), null)
                .status())
        .isEqualTo(200);
  }

  @Test
  void shouldMakeAMemberWithTheInvitedRoleWhenAnInvitationIsAccepted() {
    String token = admin.token(subject, subject + "@example.com");
    String invitation = admin.invite(workspaceId, ownerKey, subject + "@example.com", Role.MANAGER);

    Answer accepted = accept(token, invitation);

    assertThat(accepted.status()).isEqualTo(200);
    assertThat(accepted.json().get("workspaceId").asString()).isEqualTo(workspaceId);
    assertThat(accepted.json().get("role").asString()).isEqualTo("manager");
    Answer members =
        admin.send("GET", "/v1/workspaces/" + workspaceId + "/members", ownerKey, null);
    assertThat(members.json().get(0).get("userId").asString()).isEqualTo(admin.userId(token));
    assertThat(members.json().get(0).get("role").asString()).isEqualTo("manager");
    // a Manager reads, but may not manage keys
    assertThat(admin.send("GET", calls(), token, null).status()).isEqualTo(200);
    assertThat(
            admin.send("GET", "/v1/workspaces/" + workspaceId + "/api-keys", token, null).status())
        .isEqualTo(403);
  }

  @Test
  void shouldShowTheSignedInUserAndRefuseAnApiKeyThere() {
    String token = admin.token(subject, subject + "@example.com");

    Answer me = admin.send("GET", "/v1/me", token, null);
    Answer withKey = admin.send("GET", "/v1/me", ownerKey, null);

    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("subject").asString()).isEqualTo(subject);
    assertThat(me.json().get("issuer").asString()).isEqualTo(admin.issuer());
    assertThat(me.json().get("email").asString()).isEqualTo(subject + "@example.com");
    assertThat(withKey.status()).isEqualTo(403);
    assertThat(withKey.isProblem()).isTrue();
  }

  private void assertRefused(String token, String detailPart) {
    Answer answer = admin.send("GET", calls(), token, null);
    assertThat(answer.status()).as(answer.body()).isEqualTo(401);
    assertThat(answer.isProblem()).isTrue();
    assertThat(answer.body()).doesNotContain(token);
    if (detailPart != null) {
      assertThat(answer.json().get("detail").asString()).contains(detailPart);
    }
  }

  private Answer accept(String token, String invitation) {
    return admin.send("POST", "/v1/invitations/accept", token, Map.of("token", invitation));
  }

  private String calls() {
    return "/v1/workspaces/" + workspaceId + "/calls";
  }

  private JWTClaimsSet claims(String sub) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(admin.issuer())
        .subject(sub)
        .audience(List.of(AdminApi.AUDIENCE))
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(3600)))
        .build();
  }
}
