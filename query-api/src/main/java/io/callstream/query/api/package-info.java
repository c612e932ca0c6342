/**
 * The tenant-scoped REST API under {@code /v1/workspaces/{workspaceId}/}: calls, their decrypted
 * results and exports. Every query names the workspace of the path, which the API-key security of
 * api-support has already matched to the caller; a call of another workspace is not found (404).
 * All request paths are reactive; decryption runs off the event loop.
 */
@NullMarked
package io.callstream.query.api;

import org.jspecify.annotations.NullMarked;
