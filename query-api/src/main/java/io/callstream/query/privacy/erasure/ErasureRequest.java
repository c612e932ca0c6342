package io.callstream.query.privacy.erasure;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code DELETE /v1/workspaces/{workspaceId}}: the workspace id typed once more, so an
 * erasure is never a slip of a path.
 */
public record ErasureRequest(@Nullable String confirm) {}
