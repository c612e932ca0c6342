package io.callstream.query.admin.members;

/** The workspace an accepted invitation made the user a member of, with their role. */
public record AcceptedInvitation(String workspaceId, String userId, String role) {}
