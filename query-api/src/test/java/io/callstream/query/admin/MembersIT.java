package io.callstream.query.admin;

import static io.callstream.query.testing.RunningQueryApi.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callstream.api.auth.Role;
import io.callstream.core.id.Ids;
import io.callstream.embedded.junit.Infrastructure;
import io.callstream.embedded.junit.SharedInfrastructure;
import io.callstream.query.admin.AdminApi.Answer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Members and invitations over HTTP: invited, accepted once, roles changed, the last Owner kept.
 */
@ExtendWith(SharedInfrastructure.class)
class MembersIT {

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
    subject = "person-" + Ids.timeOrdered();
  }

  @Test
  void shouldListAnOpenInvitationWithoutItsTokenUntilItIsAccepted() {
    String email = subject + "@example.com";
    String invitation = admin.invite(workspaceId, ownerKey, email, Role.MEMBER);

    Answer open = admin.send("GET", path("/invitations"), ownerKey, null);

    assertThat(open.status()).isEqualTo(200);
    assertThat(open.json().get(0).get("email").asString()).isEqualTo(email);
    assertThat(open.json().get(0).get("role").asString()).isEqualTo("member");
    assertThat(open.json().get(0).has("token")).isFalse();
    assertThat(open.body()).doesNotContain(invitation);
    assertThat(accept(admin.token(subject, email), invitation).status()).isEqualTo(200);
    assertThat(admin.send("GET", path("/invitations"), ownerKey, null).json().isEmpty()).isTrue();
  }

  @Test
  void shouldAcceptAnInvitationOnlyOnce() {
    String email = subject + "@example.com";
    String invitation = admin.invite(workspaceId, ownerKey, email, Role.MEMBER);
    assertThat(accept(admin.token(subject, email), invitation).status()).isEqualTo(200);

    Answer again = accept(admin.token(subject + "-2", subject + "-2@example.com"), invitation);

    assertThat(again.status()).isEqualTo(404);
    assertThat(again.isProblem()).isTrue();
  }

  @Test
  void shouldRefuseAnInvitationForAnotherEmail() {
    String invitation = admin.invite(workspaceId, ownerKey, subject + "@example.com", Role.OWNER);

    Answer answer = accept(admin.token(subject, "someone.else@example.com"), invitation);

    assertThat(answer.status()).isEqualTo(403);
    assertThat(admin.send("GET", path("/members"), ownerKey, null).json().isEmpty()).isTrue();
  }

  @Test
  void shouldRefuseAnExpiredOrWithdrawnInvitation() {
    String email = subject + "@example.com";
    String expired = admin.invite(workspaceId, ownerKey, email, Role.MEMBER);
    admin
        .service()
        .db()
        .sql(
            "update invitations set expires_at = now() - interval '1 second'"
                + " where workspace_id = :ws")
        .bind("ws", workspaceId)
        .then()
        .block(PATIENCE);
    String withdrawn = admin.invite(workspaceId, ownerKey, email, Role.MEMBER);
    String withdrawnId =
        admin.send("GET", path("/invitations"), ownerKey, null).json().get(0).get("id").asString();
    assertThat(admin.send("DELETE", path("/invitations/" + withdrawnId), ownerKey, null).status())
        .isEqualTo(204);

    String token = admin.token(subject, email);

    assertThat(accept(token, expired).status()).isEqualTo(404);
    assertThat(accept(token, withdrawn).status()).isEqualTo(404);
    assertThat(accept(token, "csi_bm90LWEtd29ya3NwYWNl.garbage").status()).isEqualTo(404);
  }

  @Test
  void shouldNeverDemoteOrRemoveTheLastOwner() {
    String owner = admin.member(workspaceId, ownerKey, subject, Role.OWNER);
    String ownerId = admin.userId(owner);

    Answer demoted = changeRole(ownerId, "manager", ownerKey);
    Answer removed = admin.send("DELETE", path("/members/" + ownerId), owner, null);

    assertThat(demoted.status()).isEqualTo(409);
    assertThat(demoted.isProblem()).isTrue();
    assertThat(demoted.json().get("detail").asString()).contains("last Owner");
    assertThat(removed.status()).isEqualTo(409);
    String second = admin.member(workspaceId, ownerKey, subject + "-2", Role.OWNER);
    assertThat(changeRole(ownerId, "manager", second).status()).isEqualTo(200);
    assertThat(changeRole(admin.userId(second), "member", second).status()).isEqualTo(409);
  }

  @Test
  void shouldChangeARoleAndRemoveAMemberWithAnAuditEntryEach() {
    String member = admin.member(workspaceId, ownerKey, subject, Role.MEMBER);
    String memberId = admin.userId(member);

    Answer promoted = changeRole(memberId, "manager", ownerKey);

    assertThat(promoted.status()).isEqualTo(200);
    assertThat(promoted.json().get("role").asString()).isEqualTo("manager");
    assertThat(
            admin
                .send("GET", path("/members"), ownerKey, null)
                .json()
                .get(0)
                .get("role")
                .asString())
        .isEqualTo("manager");
    assertThat(admin.send("DELETE", path("/members/" + memberId), ownerKey, null).status())
        .isEqualTo(204);
    assertThat(admin.send("GET", path("/calls"), member, null).status()).isEqualTo(404);
    assertThat(auditTypes())
        .containsExactly("MEMBER_INVITED", "INVITATION_ACCEPTED", "ROLE_CHANGED", "MEMBER_REMOVED");
  }

  @Test
  void shouldAnswer404ForAnotherWorkspacesMember() {
    String other = admin.newWorkspace();
    String otherKey = admin.newKey(other, Role.OWNER);
    String outsider = admin.userId(admin.member(other, otherKey, subject, Role.MEMBER));

    assertThat(changeRole(outsider, "manager", ownerKey).status()).isEqualTo(404);
    assertThat(admin.send("DELETE", path("/members/" + outsider), ownerKey, null).status())
        .isEqualTo(404);
    assertThat(
            admin
                .send("POST", path("/members/" + outsider + "/sessions/revoke"), ownerKey, null)
                .status())
        .isEqualTo(404);
  }

  @Test
  void shouldKeepMemberRoutesFromAManager() {
    String manager = admin.newKey(workspaceId, Role.MANAGER);

    List<Answer> answers =
        List.of(
            admin.send("GET", path("/members"), manager, null),
            admin.send("GET", path("/invitations"), manager, null),
            admin.send(
                "POST",
                path("/invitations"),
                manager,
                Map.of("email", "x@example.com", "role", "member")));

    assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(403));
  }

  private List<String> auditTypes() {
    return admin
        .service()
        .db()
        .sql("select type from audit_events where workspace_id = :ws order by seq")
        .bind("ws", workspaceId)
        .map(row -> row.get("type", String.class))
        .all()
        .collectList()
        .block(PATIENCE);
  }

  private Answer changeRole(String userId, String role, String token) {
    return admin.send("PATCH", path("/members/" + userId), token, Map.of("role", role));
  }

  private Answer accept(String token, String invitation) {
    return admin.send("POST", "/v1/invitations/accept", token, Map.of("token", invitation));
  }

  private String path(String rest) {
    return "/v1/workspaces/" + workspaceId + rest;
  }
}
