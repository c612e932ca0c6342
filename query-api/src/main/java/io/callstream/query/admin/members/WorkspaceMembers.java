package io.callstream.query.admin.members;

import io.callstream.api.audit.Actor;
import io.callstream.api.audit.AuditLog;
import io.callstream.api.audit.AuditType;
import io.callstream.api.auth.Role;
import io.callstream.api.auth.UserDirectory;
import io.callstream.api.tenancy.WorkspaceScope;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * A workspace's members in PostgreSQL. Every change runs in the workspace's scope and records its
 * audit entry in the same transaction. A change that would leave the workspace without an Owner is
 * refused (409): it first locks the Owners' rows, so two concurrent demotions of two Owners cannot
 * both pass. Thread-safe.
 */
public final class WorkspaceMembers {

  private final DatabaseClient db;
  private final WorkspaceScope scope;
  private final AuditLog audit;
  private final UserDirectory users;

  public WorkspaceMembers(
      DatabaseClient db, WorkspaceScope scope, AuditLog audit, UserDirectory users) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
    this.audit = Objects.requireNonNull(audit, "audit must not be null");
    this.users = Objects.requireNonNull(users, "users must not be null");
  }

  /** The members, oldest first. */
  public Mono<List<MemberView>> list(String workspaceId) {
    return scope.mono(
        workspaceId,
        db.sql(
                "select m.user_id, m.role, m.created_at, u.email from members m"
                    + " join users u on u.id = m.user_id where m.workspace_id = :workspaceId"
                    + " order by m.created_at, m.user_id")
            .bind("workspaceId", workspaceId)
            .map(WorkspaceMembers::memberView)
            .all()
            .collectList());
  }

  /** Gives a member a new role; 404 for no member, 409 for demoting the last Owner. */
  public Mono<MemberView> changeRole(String workspaceId, String userId, Role role, Actor actor) {
    return withOwnersLocked(
        workspaceId,
        userId,
        (owners, current) -> {
          Role from = Role.named(current.role()).orElseThrow();
          if (from == role) {
            return Mono.just(current);
          }
          if (from == Role.OWNER && owners.size() <= 1) {
            return Mono.error(MemberProblems.lastOwner());
          }
          return db.sql(
                  "update members set role = :role"
                      + " where workspace_id = :workspaceId"
                      + " and user_id = :userId")
              .bind("role", role.name())
              .bind("workspaceId", workspaceId)
              .bind("userId", userId)
              .then()
              .then(
                  audit.record(
                      workspaceId,
                      AuditType.ROLE_CHANGED,
                      actor,
                      Map.of("userId", userId, "from", from.label(), "to", role.label())))
              .thenReturn(new MemberView(userId, current.email(), role.label(), current.since()));
        });
  }

  /** Removes a member; 404 for no member, 409 for the last Owner. */
  public Mono<Void> remove(String workspaceId, String userId, Actor actor) {
    return withOwnersLocked(
        workspaceId,
        userId,
        (owners, current) -> {
          if (current.role().equals(Role.OWNER.label()) && owners.size() <= 1) {
            return Mono.error(MemberProblems.lastOwner());
          }
          return db.sql(
                  "delete from members where workspace_id = :workspaceId"
                      + " and user_id = :userId")
              .bind("workspaceId", workspaceId)
              .bind("userId", userId)
              .then()
              .then(
                  audit.record(
                      workspaceId,
                      AuditType.MEMBER_REMOVED,
                      actor,
                      Map.of("userId", userId, "role", current.role())));
        });
  }

  /**
   * Refuses every token the member holds that was issued before now (in every workspace: a token is
   * the person's, not the workspace's); 404 when they are no member of this workspace.
   */
  public Mono<Void> revokeSessions(String workspaceId, String userId, Actor actor) {
    return scope.mono(
        workspaceId,
        member(workspaceId, userId)
            .switchIfEmpty(Mono.error(MemberProblems::noMember))
            .flatMap(
                current ->
                    users
                        .revokeSessions(userId)
                        .then(
                            audit.record(
                                workspaceId,
                                AuditType.SESSIONS_REVOKED,
                                actor,
                                Map.of("userId", userId)))));
  }

  /**
   * {@code change} applied to the Owners and member {@code userId}, in the workspace's scope with
   * the Owners' rows locked; 404 for no member.
   */
  private <T> Mono<T> withOwnersLocked(
      String workspaceId, String userId, BiFunction<List<String>, MemberView, Mono<T>> change) {
    return scope.mono(
        workspaceId,
        lockOwners(workspaceId)
            .flatMap(
                owners ->
                    member(workspaceId, userId)
                        .switchIfEmpty(Mono.error(MemberProblems::noMember))
                        .flatMap(current -> change.apply(owners, current))));
  }

  private Mono<List<String>> lockOwners(String workspaceId) {
    return db.sql(
            "select user_id from members where workspace_id = :workspaceId and role = 'OWNER'"
                + " for update")
        .bind("workspaceId", workspaceId)
        .map(row -> row.get("user_id", String.class))
        .all()
        .collectList();
  }

  private Mono<MemberView> member(String workspaceId, String userId) {
    return db.sql(
            "select m.user_id, m.role, m.created_at, u.email from members m"
                + " join users u on u.id = m.user_id"
                + " where m.workspace_id = :workspaceId and m.user_id = :userId")
        .bind("workspaceId", workspaceId)
        .bind("userId", userId)
        .map(WorkspaceMembers::memberView)
        .one();
  }

  /** A row of {@code user_id, role, created_at, email}. */
  private static MemberView memberView(Readable row) {
    return new MemberView(
        row.get("user_id", String.class),
        row.get("email", String.class),
        Role.valueOf(row.get("role", String.class)).label(),
        row.get("created_at", OffsetDateTime.class).toInstant());
  }
}
