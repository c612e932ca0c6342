package io.callstream.query.live;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whose events a stream carries: a whole workspace, or one call of it. Immutable.
 *
 * @param workspaceId the workspace
 * @param callId the call, or null for every call of the workspace
 */
record Scope(String workspaceId, @Nullable String callId) {

  Scope {
    Objects.requireNonNull(workspaceId, "workspaceId must not be null");
  }

  static Scope workspace(String workspaceId) {
    return new Scope(workspaceId, null);
  }

  static Scope call(String workspaceId, String callId) {
    return new Scope(workspaceId, Objects.requireNonNull(callId, "callId must not be null"));
  }
}
