package io.callstream.api.tenancy;

import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs database work inside a transaction that PostgreSQL's row-level security scopes to one
 * workspace: the transaction first sets {@code callstream.workspace_id} with {@code set_config(...,
 * true)} (transaction-local, so a pooled connection carries nothing to its next user), and every
 * tenant table's policy admits only that workspace's rows. Work that runs inside a transaction
 * already (a results batch) joins it and switches its workspace for what follows. Thread-safe.
 */
public final class WorkspaceScope {

  /** The setting the row-level security policies read. */
  public static final String SETTING = "callstream.workspace_id";

  private final DatabaseClient db;
  private final TransactionalOperator transaction;

  public WorkspaceScope(DatabaseClient db, TransactionalOperator transaction) {
    this.db = Objects.requireNonNull(db, "db must not be null");
    this.transaction = Objects.requireNonNull(transaction, "transaction must not be null");
  }

  /** {@code work} (built lazily, as DatabaseClient specs are) in {@code workspaceId}'s scope. */
  public <T> Mono<T> mono(String workspaceId, Mono<T> work) {
    return transaction.transactional(enter(workspaceId).then(work));
  }

  /** {@code work} in {@code workspaceId}'s scope; the transaction lasts while it streams. */
  public <T> Flux<T> flux(String workspaceId, Flux<T> work) {
    return transaction.transactional(enter(workspaceId).thenMany(work));
  }

  /** Sets the workspace of the current transaction (for work already in one). */
  public Mono<Void> enter(String workspaceId) {
    if (workspaceId == null || workspaceId.isBlank()) {
      return Mono.error(new IllegalArgumentException("a workspace scope needs a workspace id"));
    }
    return db.sql("select set_config('" + SETTING + "', :workspaceId, true)")
        .bind("workspaceId", workspaceId)
        .then();
  }
}
