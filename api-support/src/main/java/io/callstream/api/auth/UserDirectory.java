package io.callstream.api.auth;

import io.callstream.api.tenancy.WorkspaceScope;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The people who sign in ({@code users}, across workspaces: one row per issuer and subject) and
 * their role in one workspace ({@code members}, read in that workspace's scope). Thread-safe.
 */
public final class UserDirectory {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private final DatabaseClient db;
  private final WorkspaceScope scope;

  public UserDirectory(DatabaseClient db, WorkspaceScope scope) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.scope = Objects.requireNonNull(scope, "scope must not be null");
  }

  /**
   * The user of {@code issuer} and {@code subject}, created on their first sign-in; the stored
   * email follows the token's when it changes. Reads first, so a returning user costs no write.
   */
  public Mono<KnownUser> signIn(String issuer, String subject, @Nullable String email) {
    return find(issuer, subject)
        .switchIfEmpty(Mono.defer(() -> insert(issuer, subject, email).then(find(issuer, subject))))
        .flatMap(
            user ->
                email == null || email.equals(user.email())
                    ? Mono.just(user)
                    : updateEmail(user.id(), email)
                        .thenReturn(
                            new KnownUser(
                                user.id(), issuer, subject, email, user.sessionsRevokedBefore())));
  }

  /** The user's role in {@code workspaceId}; empty when they are no member of it. */
  public Mono<Role> role(String workspaceId, String userId) {
    return scope.mono(
        workspaceId,
        db.sql("select role from members where workspace_id = :workspaceId and user_id = :userId")
            .bind("workspaceId", workspaceId)
            .bind("userId", userId)
            .map(row -> Role.valueOf(row.get("role", String.class)))
            .one());
  }

  /**
   * Refuses every token of the user issued before now, to the second (a JWT's {@code iat} has no
   * finer precision: a token issued in the same second as the revocation stays valid, so that a
   * token the user gets right after it works).
   */
  public Mono<Void> revokeSessions(String userId) {
    return db.sql(
            "update users set sessions_revoked_before = date_trunc('second', now()) where id = :id")
        .bind("id", userId)
        .then();
  }

  private Mono<KnownUser> find(String issuer, String subject) {
    return db.sql(
            "select id, email, sessions_revoked_before from users"
                + " where issuer = :issuer and subject = :subject")
        .bind("issuer", issuer)
        .bind("subject", subject)
        .map(
            row -> {
              OffsetDateTime revoked = row.get("sessions_revoked_before", OffsetDateTime.class);
              return new KnownUser(
                  row.get("id", String.class),
                  issuer,
                  subject,
                  row.get("email", String.class),
                  revoked == null ? null : revoked.toInstant());
            })
        .one();
  }

  /** Two first sign-ins at once: one insert wins, the other does nothing and reads its row. */
  private Mono<Void> insert(String issuer, String subject, @Nullable String email) {
    var insert =
        db.sql(
                "insert into users (id, issuer, subject, email)"
                    + " values (:id, :issuer, :subject, :email)"
                    + " on conflict (issuer, subject) do nothing")
            .bind("id", newId())
            .bind("issuer", issuer)
            .bind("subject", subject);
    return (email == null ? insert.bindNull("email", String.class) : insert.bind("email", email))
        .then();
  }

  private Mono<Void> updateEmail(String userId, String email) {
    return db.sql("update users set email = :email where id = :id")
        .bind("email", email)
        .bind("id", userId)
        .then();
  }

  private static String newId() {
    StringBuilder id = new StringBuilder("usr_");
    for (int i = 0; i < 16; i++) {
      id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
    }
    return id.toString().toLowerCase(Locale.ROOT);
  }

  /**
   * A user as stored.
   *
   * @param sessionsRevokedBefore tokens issued before this are refused; null when never revoked
   */
  public record KnownUser(
      String id,
      String issuer,
      String subject,
      @Nullable String email,
      @Nullable Instant sessionsRevokedBefore) {

    /** Whether a token issued at {@code issuedAt} was revoked. */
    public boolean revoked(Instant issuedAt) {
      return sessionsRevokedBefore != null && issuedAt.isBefore(sessionsRevokedBefore);
    }

    public SignedInUser signedIn() {
      return new SignedInUser(id, issuer, subject, email);
    }
  }
}
