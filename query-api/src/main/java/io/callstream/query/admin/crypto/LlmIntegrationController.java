package io.callstream.query.admin.crypto;

import io.callstream.api.audit.Actor;
import io.callstream.api.auth.Permission;
import io.callstream.api.auth.Permissions;
import io.callstream.api.auth.WorkspacePrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The workspace's own LLM provider key (bring your own key): set, read masked, remove. All need
 * {@link Permission#MANAGE_INTEGRATIONS}; the key is never answered in plaintext.
 */
@RestController
public final class LlmIntegrationController {

  private static final String PATH = "/v1/workspaces/{workspaceId}/integrations/llm";

  private final LlmIntegrations integrations;

  LlmIntegrationController(LlmIntegrations integrations) {
    this.integrations = integrations;
  }

  @GetMapping(PATH)
  public Mono<LlmIntegrationView> get(
      @PathVariable String workspaceId, @AuthenticationPrincipal WorkspacePrincipal principal) {
    return Permissions.require(principal, Permission.MANAGE_INTEGRATIONS)
        .then(Mono.defer(() -> integrations.find(workspaceId)));
  }

  @PutMapping(PATH)
  public Mono<LlmIntegrationView> put(
      @PathVariable String workspaceId,
      @RequestBody LlmIntegrationRequest body,
      @AuthenticationPrincipal WorkspacePrincipal principal,
      ServerHttpRequest request) {
    return Permissions.require(principal, Permission.MANAGE_INTEGRATIONS)
        .then(
            Mono.defer(
                () ->
                    integrations.put(
                        workspaceId,
                        LlmIntegrationSettings.of(body),
                        Actor.of(principal, request))));
  }

  @DeleteMapping(PATH)
  @ResponseStatus(HttpStatus.NO_CONTENT)
  public Mono<Void> delete(
      @PathVariable String workspaceId,
      @AuthenticationPrincipal WorkspacePrincipal principal,
      ServerHttpRequest request) {
    return Permissions.require(principal, Permission.MANAGE_INTEGRATIONS)
        .then(Mono.defer(() -> integrations.delete(workspaceId, Actor.of(principal, request))));
  }
}
