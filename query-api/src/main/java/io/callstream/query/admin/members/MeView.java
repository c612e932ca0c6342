package io.callstream.query.admin.members;

import org.jspecify.annotations.Nullable;

/** The signed-in user, as {@code GET /v1/me} shows them. Immutable. */
public record MeView(String userId, String issuer, String subject, @Nullable String email) {}
