/**
 * A workspace's people: members and their roles, invitations (a token shown once, accepted by a
 * signed-in user), role changes and removals that never leave a workspace without an Owner,
 * sessions revoked; and the signed-in user's own routes ({@code /v1/me}). Each change of a
 * workspace is in its audit log.
 */
@NullMarked
package io.callstream.query.admin.members;

import org.jspecify.annotations.NullMarked;
