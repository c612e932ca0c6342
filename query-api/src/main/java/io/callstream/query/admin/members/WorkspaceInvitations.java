package io.callstream.query.admin.members;

import io.callstream.api.audit.Actor;
import io.callstream.api.audit.AuditLog;
import io.callstream.api.audit.AuditType;
import io.callstream.api.auth.Role;
import io.callstream.api.auth.SignedInUser;
import io.callstream.api.tenancy.WorkspaceScope;
import io.callstream.core.id.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * A workspace's invitations in PostgreSQL: made by an Owner (the token shown once, stored as a
 * hash), listed while open, withdrawn, and accepted by a signed-in user, who becomes a member with
 * the invited role. Changes run in the workspace's scope with their audit entry. Thread-safe.
 */
public final class WorkspaceInvitations {

  /** How long an invitation can be accepted. */
  public static final Duration VALIDITY = Duration.ofDays(7);

  private final DatabaseClient db;
  private final WorkspaceScope scope;
  private final AuditLog audit;
  private final Clock clock;

  public WorkspaceInvitations(
      DatabaseClient db, WorkspaceScope scope, AuditLog audit, Clock clock) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
    this.audit = Objects.requireNonNull(audit, "audit must not be null");
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
  }

  /** Invites {@code email} with {@code role}; the answer holds the only copy of the token. */
  public Mono<CreatedInvitation> invite(String workspaceId, String email, Role role, Actor actor) {
    InvitationToken token = InvitationToken.generate(workspaceId);
    String id = Ids.timeOrdered();
    Instant expiresAt = clock.instant().plus(VALIDITY);
    return scope.mono(
        workspaceId,
        db.sql(
                "insert into invitations"
                    + " (workspace_id, id, email, role, token_hash, invited_by, expires_at)"
                    + " values (:workspaceId, :id, :email, :role, :hash, :invitedBy, :expiresAt)")
            .bind("workspaceId", workspaceId)
            .bind("id", id)
            .bind("email", email)
            .bind("role", role.name())
            .bind("hash", token.hash())
            .bind("invitedBy", actor.id())
            .bind("expiresAt", expiresAt)
            .then()
            .then(
                audit.record(
                    workspaceId,
                    AuditType.MEMBER_INVITED,
                    actor,
                    Map.of("invitationId", id, "role", role.label())))
            .thenReturn(new CreatedInvitation(id, email, role.label(), token.token(), expiresAt)));
  }

  /** The open invitations (neither accepted nor expired), newest first. */
  public Mono<List<InvitationView>> listOpen(String workspaceId) {
    return scope.mono(
        workspaceId,
        db.sql(
                "select id, email, role, invited_by, created_at, expires_at from invitations"
                    + " where workspace_id = :workspaceId and accepted_at is null"
                    + " and expires_at > :now order by created_at desc, id")
            .bind("workspaceId", workspaceId)
            .bind("now", clock.instant())
            .map(
                row ->
                    new InvitationView(
                        row.get("id", String.class),
                        row.get("email", String.class),
                        Role.valueOf(row.get("role", String.class)).label(),
                        row.get("invited_by", String.class),
                        row.get("created_at", OffsetDateTime.class).toInstant(),
                        row.get("expires_at", OffsetDateTime.class).toInstant()))
            .all()
            .collectList());
  }

  /** Withdraws an open invitation; false when there is no such open invitation. */
  public Mono<Boolean> withdraw(String workspaceId, String invitationId) {
    return scope.mono(
        workspaceId,
        db.sql(
                "delete from invitations where workspace_id = :workspaceId and id = :id"
                    + " and accepted_at is null")
            .bind("workspaceId", workspaceId)
            .bind("id", invitationId)
            .fetch()
            .rowsUpdated()
            .map(rows -> rows > 0));
  }

  /**
   * Makes {@code user} a member with the invitation's role. 404 when the token is unknown, used or
   * expired; 403 when the token carries an email and it is not the invited one; 409 when the user
   * is a member already.
   *
   * @param sourceIp where the request came from, for the audit entry
   */
  public Mono<AcceptedInvitation> accept(
      String presentedToken, SignedInUser user, @Nullable String sourceIp) {
    InvitationToken token = InvitationToken.parse(presentedToken).orElse(null);
    if (token == null) {
      return Mono.error(noInvitation());
    }
    String workspaceId = token.workspaceId();
    Actor actor = new Actor(user.credentialId(), sourceIp);
    return scope.mono(
        workspaceId,
        db.sql(
                "select id, email, role from invitations where workspace_id = :workspaceId"
                    + " and token_hash = :hash and accepted_at is null and expires_at > :now"
                    + " for update")
            .bind("workspaceId", workspaceId)
            .bind("hash", token.hash())
            .bind("now", clock.instant())
            .map(
                row ->
                    new Open(
                        row.get("id", String.class),
                        row.get("email", String.class),
                        Role.valueOf(row.get("role", String.class))))
            .one()
            .switchIfEmpty(Mono.error(WorkspaceInvitations::noInvitation))
            .flatMap(
                open -> {
                  if (user.email() != null
                      && !user.email().strip().equalsIgnoreCase(open.email().strip())) {
                    return Mono.error(
                        MemberProblems.forbidden(
                            "this invitation is for another email address than the signed-in"
                                + " user's"));
                  }
                  return join(workspaceId, user.userId(), open)
                      .then(
                          audit.record(
                              workspaceId,
                              AuditType.INVITATION_ACCEPTED,
                              actor,
                              Map.of(
                                  "invitationId",
                                  open.id(),
                                  "userId",
                                  user.userId(),
                                  "role",
                                  open.role().label())))
                      .thenReturn(
                          new AcceptedInvitation(workspaceId, user.userId(), open.role().label()));
                }));
  }

  private Mono<Void> join(String workspaceId, String userId, Open open) {
    return db.sql(
            "insert into members (workspace_id, user_id, role)"
                + " values (:workspaceId, :userId, :role)"
                + " on conflict (workspace_id, user_id) do nothing")
        .bind("workspaceId", workspaceId)
        .bind("userId", userId)
        .bind("role", open.role().name())
        .fetch()
        .rowsUpdated()
        .flatMap(
            rows ->
                rows == 0
                    ? Mono.error(
                        MemberProblems.conflict("the user is a member of this workspace already"))
                    : db.sql(
                            "update invitations set accepted_at = :now, accepted_by = :userId"
                                + " where workspace_id = :workspaceId and id = :id")
                        .bind("now", clock.instant())
                        .bind("userId", userId)
                        .bind("workspaceId", workspaceId)
                        .bind("id", open.id())
                        .then());
  }

  private static RuntimeException noInvitation() {
    return MemberProblems.notFound("no open invitation for this token: unknown, used or expired");
  }

  /** Normalizes an email for storing and comparing. */
  static String normalizedEmail(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }

  private record Open(String id, String email, Role role) {}
}
