package io.callstream.query.live;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whose events a stream carries: a whole workspace, or one call of it. Immutable.
 *
 * @param workspaceId the workspace
 * @param callId the call, or null for every call of the workspace
 */
public record Scope(String workspaceId, @Nullable String callId) {

  public Scope {
    Objects.requireNonNull(workspaceId, "workspaceId must not be null");
  }

  public static Scope workspace(String workspaceId) {
    return new Scope(workspaceId, null);
  }

  public static Scope call(String workspaceId, String callId) {
    return new Scope(workspaceId, Objects.requireNonNull(callId, "callId must not be null"));
  }

  /** Whether an event of {@code workspaceId} and {@code eventCallId} belongs to this scope. */
  boolean covers(String eventWorkspaceId, String eventCallId) {
    return workspaceId.equals(eventWorkspaceId) && (callId == null || callId.equals(eventCallId));
  }
}
