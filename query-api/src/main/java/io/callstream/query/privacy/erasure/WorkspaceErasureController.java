package io.callstream.query.privacy.erasure;

import io.callstream.api.audit.Actor;
import io.callstream.api.auth.Permission;
import io.callstream.api.auth.Permissions;
import io.callstream.api.auth.WorkspacePrincipal;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code DELETE /v1/workspaces/{workspaceId}} with {@code {"confirm": "<workspaceId>"}}: erases the
 * workspace (Owner only). 204 once it is gone; 422 when the confirmation is missing or names
 * another workspace. Every credential of the workspace stops working with it.
 */
@RestController
public final class WorkspaceErasureController {

  private final WorkspaceErasure erasure;
  private final JsonMapper json;

  WorkspaceErasureController(WorkspaceErasure erasure, JsonMapper json) {
    this.erasure = Objects.requireNonNull(erasure, "erasure must not be null");
    this.json = Objects.requireNonNull(json, "json must not be null");
  }

  /**
   * The body is read as text, whatever its content type, so that a missing or unreadable
   * confirmation is answered like a wrong one (422), not with a 400 or 415 of the codecs.
   */
  @DeleteMapping("/v1/workspaces/{workspaceId}")
  public Mono<ResponseEntity<Void>> erase(
      @PathVariable String workspaceId,
      @RequestBody(required = false) @Nullable String body,
      @AuthenticationPrincipal WorkspacePrincipal principal,
      ServerHttpRequest request) {
    return Permissions.require(principal, Permission.DELETE_WORKSPACE)
        .then(
            Mono.defer(
                () -> {
                  if (!workspaceId.equals(confirmation(body))) {
                    return Mono.error(
                        new ResponseStatusException(
                            HttpStatus.UNPROCESSABLE_CONTENT,
                            "to erase this workspace, send {\"confirm\": \"<its id>\"}: the"
                                + " confirmation is missing or names another workspace"));
                  }
                  return erasure.erase(workspaceId, Actor.of(principal, request));
                }))
        .thenReturn(ResponseEntity.noContent().<Void>build());
  }

  private @Nullable String confirmation(@Nullable String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return json.readValue(body, ErasureRequest.class).confirm();
    } catch (JacksonException e) {
      return null;
    }
  }
}
