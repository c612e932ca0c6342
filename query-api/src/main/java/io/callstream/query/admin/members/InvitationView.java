package io.callstream.query.admin.members;

import java.time.Instant;

/**
 * An open invitation (not accepted, not expired) as the list shows it: never its token. Immutable.
 *
 * @param invitedBy who invited ({@code key:<id>}, {@code user:<id>})
 */
public record InvitationView(
    String id, String email, String role, String invitedBy, Instant createdAt, Instant expiresAt) {}
