package io.callstream.query.admin.members;

import io.callstream.api.audit.Actor;
import io.callstream.api.auth.Permission;
import io.callstream.api.auth.Permissions;
import io.callstream.api.auth.Role;
import io.callstream.api.auth.WorkspacePrincipal;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A workspace's members: list, change a role, remove, revoke a member's sessions. Owners only. */
@RestController
public final class MembersController {

  private final WorkspaceMembers members;

  MembersController(WorkspaceMembers members) {
    this.members = members;
  }

  @GetMapping("/v1/workspaces/{workspaceId}/members")
  public Mono<List<MemberView>> list(
      @PathVariable String workspaceId, @AuthenticationPrincipal WorkspacePrincipal principal) {
    return Permissions.require(principal, Permission.MANAGE_MEMBERS)
        .then(Mono.defer(() -> members.list(workspaceId)));
  }

  /** Gives a member another role; the last Owner cannot be demoted (409). */
  @PatchMapping("/v1/workspaces/{workspaceId}/members/{userId}")
  public Mono<MemberView> changeRole(
      @PathVariable String workspaceId,
      @PathVariable String userId,
      @AuthenticationPrincipal WorkspacePrincipal principal,
      @RequestBody Requests.RoleChange request,
      ServerHttpRequest http) {
    return Permissions.require(principal, Permission.MANAGE_MEMBERS)
        .then(
            Mono.defer(
                () -> {
                  Role role = MemberRequests.role(request.role(), principal);
                  return members.changeRole(workspaceId, userId, role, Actor.of(principal, http));
                }));
  }

  /** Removes a member; the last Owner cannot be removed (409). */
  @DeleteMapping("/v1/workspaces/{workspaceId}/members/{userId}")
  public Mono<ResponseEntity<Void>> remove(
      @PathVariable String workspaceId,
      @PathVariable String userId,
      @AuthenticationPrincipal WorkspacePrincipal principal,
      ServerHttpRequest http) {
    return Permissions.require(principal, Permission.MANAGE_MEMBERS)
        .then(Mono.defer(() -> members.remove(workspaceId, userId, Actor.of(principal, http))))
        .thenReturn(ResponseEntity.noContent().build());
  }

  /** Signs a member out everywhere: every token issued before now is refused. */
  @PostMapping("/v1/workspaces/{workspaceId}/members/{userId}/sessions/revoke")
  public Mono<ResponseEntity<Void>> revokeSessions(
      @PathVariable String workspaceId,
      @PathVariable String userId,
      @AuthenticationPrincipal WorkspacePrincipal principal,
      ServerHttpRequest http) {
    return Permissions.require(principal, Permission.MANAGE_MEMBERS)
        .then(
            Mono.defer(
                () -> members.revokeSessions(workspaceId, userId, Actor.of(principal, http))))
        .thenReturn(ResponseEntity.noContent().build());
  }
}
