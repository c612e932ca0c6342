/**
 * The audit log over HTTP: {@code GET /v1/workspaces/{workspaceId}/audit} lists a workspace's
 * entries newest first, filtered and paginated; {@code GET .../audit/verify} walks its hash chain
 * and names the first entry that does not check out. Both need the owner's {@code READ_AUDIT_LOG}.
 */
@NullMarked
package io.callstream.query.admin.audit;

import org.jspecify.annotations.NullMarked;
