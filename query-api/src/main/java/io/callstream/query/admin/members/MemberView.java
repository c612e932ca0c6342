package io.callstream.query.admin.members;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A member of a workspace as the members list shows it. Immutable. */
public record MemberView(String userId, @Nullable String email, String role, Instant since) {}
