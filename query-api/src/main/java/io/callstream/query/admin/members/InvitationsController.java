package io.callstream.query.admin.members;

import io.callstream.api.audit.Actor;
import io.callstream.api.auth.Permission;
import io.callstream.api.auth.Permissions;
import io.callstream.api.auth.SignedInUser;
import io.callstream.api.auth.WorkspacePrincipal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Invitations: an Owner invites an email with a role and passes the token (shown once) on; the
 * invited person, signed in, accepts it and becomes a member.
 */
@RestController
public final class InvitationsController {

  private final WorkspaceInvitations invitations;

  InvitationsController(WorkspaceInvitations invitations) {
    this.invitations = invitations;
  }

  @PostMapping("/v1/workspaces/{workspaceId}/invitations")
  public Mono<ResponseEntity<CreatedInvitation>> invite(
      @PathVariable String workspaceId,
      @AuthenticationPrincipal WorkspacePrincipal principal,
      @RequestBody Requests.NewInvitation request,
      ServerHttpRequest http) {
    return Permissions.require(principal, Permission.MANAGE_MEMBERS)
        .then(
            Mono.defer(
                () ->
                    invitations.invite(
                        workspaceId,
                        MemberRequests.email(request.email()),
                        MemberRequests.role(request.role(), principal),
                        Actor.of(principal, http))))
        .map(
            created ->
                ResponseEntity.created(
                        URI.create(
                            "/v1/workspaces/" + workspaceId + "/invitations/" + created.id()))
                    .body(created));
  }

  /** The open invitations: never their tokens. */
  @GetMapping("/v1/workspaces/{workspaceId}/invitations")
  public Mono<List<InvitationView>> list(
      @PathVariable String workspaceId, @AuthenticationPrincipal WorkspacePrincipal principal) {
    return Permissions.require(principal, Permission.MANAGE_MEMBERS)
        .then(Mono.defer(() -> invitations.listOpen(workspaceId)));
  }

  /** Withdraws an open invitation: its token stops working. */
  @DeleteMapping("/v1/workspaces/{workspaceId}/invitations/{invitationId}")
  public Mono<ResponseEntity<Void>> withdraw(
      @PathVariable String workspaceId,
      @PathVariable String invitationId,
      @AuthenticationPrincipal WorkspacePrincipal principal) {
    return Permissions.require(principal, Permission.MANAGE_MEMBERS)
        .then(Mono.defer(() -> invitations.withdraw(workspaceId, invitationId)))
        .map(
            found -> {
              if (!found) {
                throw MemberProblems.notFound("no open invitation with this id");
              }
              return ResponseEntity.noContent().<Void>build();
            });
  }

  /**
   * Accepts an invitation as the signed-in user (a JWT, not an API key): they become a member of
   * its workspace with its role.
   */
  @PostMapping("/v1/invitations/accept")
  public Mono<AcceptedInvitation> accept(
      @AuthenticationPrincipal SignedInUser user,
      @RequestBody Requests.Acceptance request,
      ServerHttpRequest http) {
    String token = request.token();
    if (token == null || token.isBlank()) {
      return Mono.error(MemberProblems.badRequest("token must not be blank"));
    }
    return invitations.accept(token, user, sourceIp(http));
  }

  private static @Nullable String sourceIp(ServerHttpRequest request) {
    InetSocketAddress remote = request.getRemoteAddress();
    return remote == null || remote.getAddress() == null
        ? null
        : remote.getAddress().getHostAddress();
  }
}
