package io.callstream.query.privacy.deletion;

import io.callstream.api.audit.Actor;
import io.callstream.api.auth.Permission;
import io.callstream.api.auth.Permissions;
import io.callstream.api.auth.WorkspacePrincipal;
import io.callstream.core.event.CallDeleted;
import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * {@code DELETE /v1/workspaces/{workspaceId}/calls/{callId}}: deletes a call and everything derived
 * from it (Manager or Owner). 204 once deleted and Kafka told; 404 for a call the workspace does
 * not hold.
 */
@RestController
public final class CallDeletionController {

  private final CallDeletion deletion;

  CallDeletionController(CallDeletion deletion) {
    this.deletion = Objects.requireNonNull(deletion, "deletion must not be null");
  }

  @DeleteMapping("/v1/workspaces/{workspaceId}/calls/{callId}")
  public Mono<ResponseEntity<Void>> delete(
      @PathVariable String workspaceId,
      @PathVariable String callId,
      @AuthenticationPrincipal WorkspacePrincipal principal,
      ServerHttpRequest request) {
    return Permissions.require(principal, Permission.DELETE_CALLS)
        .then(
            Mono.defer(
                () ->
                    deletion.delete(
                        workspaceId,
                        List.of(callId),
                        CallDeleted.Reason.USER_REQUEST,
                        Actor.of(principal, request))))
        .flatMap(
            deleted ->
                deleted.isEmpty()
                    ? Mono.error(
                        new ResponseStatusException(
                            HttpStatus.NOT_FOUND, "no such call in this workspace"))
                    : Mono.just(ResponseEntity.noContent().<Void>build()));
  }
}
