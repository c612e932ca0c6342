package io.callstream.query.privacy.export;

import io.callstream.api.audit.Actor;
import io.callstream.api.audit.AuditLog;
import io.callstream.api.audit.AuditType;
import io.callstream.api.auth.Permission;
import io.callstream.api.auth.Permissions;
import io.callstream.api.auth.WorkspacePrincipal;
import io.callstream.api.tenancy.WorkspaceScope;
import java.util.Map;
import java.util.Objects;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/workspaces/{workspaceId}/export}: everything the workspace holds as one JSON file,
 * decrypted and streamed (Owner only). The export is audited ({@code WORKSPACE_EXPORTED}) before
 * the first byte goes out, in a transaction of its own, so a download cut short is still on record.
 */
@RestController
public final class WorkspaceExportController {

  private final WorkspaceExport export;
  private final WorkspaceScope scope;
  private final AuditLog audit;

  WorkspaceExportController(WorkspaceExport export, WorkspaceScope scope, AuditLog audit) {
    this.export = Objects.requireNonNull(export, "export must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
    this.audit = Objects.requireNonNull(audit, "audit must not be null");
  }

  @GetMapping("/v1/workspaces/{workspaceId}/export")
  public Mono<ResponseEntity<Flux<DataBuffer>>> export(
      @PathVariable String workspaceId,
      @AuthenticationPrincipal WorkspacePrincipal principal,
      ServerHttpRequest request) {
    return Permissions.require(principal, Permission.EXPORT_WORKSPACE)
        .then(
            Mono.defer(
                () ->
                    scope.mono(
                        workspaceId,
                        audit.record(
                            workspaceId,
                            AuditType.WORKSPACE_EXPORTED,
                            Actor.of(principal, request),
                            Map.of("format", "json")))))
        .then(
            Mono.fromSupplier(
                () ->
                    ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .header(
                            HttpHeaders.CONTENT_DISPOSITION,
                            ContentDisposition.attachment()
                                .filename("callstream-workspace-" + workspaceId + ".json")
                                .build()
                                .toString())
                        .body(
                            export
                                .export(workspaceId)
                                .map(DefaultDataBufferFactory.sharedInstance::wrap))));
  }
}
