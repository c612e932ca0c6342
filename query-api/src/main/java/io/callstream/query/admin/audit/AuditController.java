package io.callstream.query.admin.audit;

import io.callstream.api.audit.ChainReport;
import io.callstream.api.auth.Permission;
import io.callstream.api.auth.Permissions;
import io.callstream.api.auth.WorkspacePrincipal;
import io.callstream.query.api.Page;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A workspace's audit log: the entries, and whether their hash chain is intact. */
@RestController
public final class AuditController {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;

  private final AuditQueries audit;

  AuditController(AuditQueries audit) {
    this.audit = Objects.requireNonNull(audit, "audit must not be null");
  }

  /**
   * Entries newest first, filtered by {@code type} (repeatable: any of them), {@code actor} (an
   * actor id, exactly) and time ({@code from} inclusive, {@code to} exclusive, ISO-8601); {@code
   * cursor} continues a list, {@code limit} is 1 to 200 (50 by default).
   */
  @GetMapping("/v1/workspaces/{workspaceId}/audit")
  public Mono<Page<AuditEntryView>> list(
      @PathVariable String workspaceId,
      @AuthenticationPrincipal WorkspacePrincipal principal,
      @RequestParam(required = false) @Nullable List<String> type,
      @RequestParam(required = false) @Nullable String actor,
      @RequestParam(required = false) @Nullable String from,
      @RequestParam(required = false) @Nullable String to,
      @RequestParam(required = false) @Nullable String cursor,
      @RequestParam(required = false) @Nullable String limit) {
    return Permissions.require(principal, Permission.READ_AUDIT_LOG)
        .then(
            Mono.defer(
                () -> {
                  AuditFilter filter = AuditFilter.of(type, actor, from, to);
                  AuditCursor after =
                      cursor == null || cursor.isBlank()
                          ? null
                          : AuditCursor.decode(cursor.strip());
                  return audit.page(workspaceId, filter, after, limit(limit));
                }));
  }

  /**
   * Walks the workspace's chain in seq order and checks every entry: seq without gaps, {@code
   * prev_hash} equal to the hash before, the hash equal to the one its content gives.
   */
  @GetMapping("/v1/workspaces/{workspaceId}/audit/verify")
  public Mono<ChainReport> verify(
      @PathVariable String workspaceId, @AuthenticationPrincipal WorkspacePrincipal principal) {
    return Permissions.require(principal, Permission.READ_AUDIT_LOG)
        .then(Mono.defer(() -> audit.verify(workspaceId)));
  }

  private static int limit(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value.strip());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw AuditFilter.badRequest(
        "limit must be a whole number from 1 to " + MAX_LIMIT + ", was '" + value + "'");
  }
}
