package io.callstream.api.audit;

import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The workspace's append-only audit log. {@link #record} joins the caller's transaction when there
 * is one, so an action and its entry commit together. {@code diff} is a structured description of
 * the change (ids, roles, old and new settings): never transcript text, key material or tokens.
 */
public interface AuditLog {

  Mono<Void> record(String workspaceId, AuditType type, Actor actor, Map<String, Object> diff);
}
